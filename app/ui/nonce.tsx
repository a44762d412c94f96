import { createContext, useContext, type ReactNode } from "react";

/** The CSP nonce of this response (server only; browsers hide it, so the client reads ""). */
const NonceContext = createContext("");

export const NonceProvider = ({ value, children }: { value: string; children: ReactNode }) => <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;

export const useNonce = () => useContext(NonceContext);
