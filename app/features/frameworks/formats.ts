/** The file formats the library imports and exports. */
export const FRAMEWORK_FORMATS = ["json", "xlsx", "imeta"] as const;
export type FrameworkFormat = (typeof FRAMEWORK_FORMATS)[number];
