/** The environment variable naming the file the in-host test extension writes its report to. */
export const RESULTS_ENV = 'KEYSCOPE_IN_HOST_RESULTS';
