// The server entry and the Remix bundle each load their own copy of this module: one flag for both.
const holder = globalThis as typeof globalThis & { __zhipingDraining?: boolean };

/** From SIGTERM on, /readyz answers 503 so that a load balancer sends no new requests here. */
export const markDraining = () => {
  holder.__zhipingDraining = true;
};
export const isDraining = () => holder.__zhipingDraining === true;
