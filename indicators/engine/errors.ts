/** A problem with the engine's input, located as precisely as the input allows. */
export class ScoringInputError extends Error {
  constructor(
    message: string,
    readonly location: { file?: string; line?: number; column?: number | string; path?: string } = {},
  ) {
    super(ScoringInputError.describe(message, location));
    this.name = "ScoringInputError";
  }

  private static describe(message: string, loc: ScoringInputError["location"]): string {
    const where = [
      loc.file,
      loc.line !== undefined ? `line ${loc.line}` : undefined,
      loc.column !== undefined ? `column ${loc.column}` : undefined,
      loc.path,
    ].filter(Boolean);
    return where.length ? `${where.join(", ")}: ${message}` : message;
  }
}
