import packageJson from "../package.json" with { type: "json" };

/** The build's version: the image tag or git sha when the deploy sets it, else the package version. */
export const APP_VERSION: string = packageJson.version;
