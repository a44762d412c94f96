import { rankingBench } from "/work/main/tests/bench/ranking.bench";
console.log(JSON.stringify(await rankingBench(), null, 1));
