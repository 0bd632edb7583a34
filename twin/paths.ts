import path from 'node:path';

/** Repository root (twin/ lives directly under it). */
export const REPO_ROOT = path.resolve(__dirname, '..');
export const DEFAULT_FUNCTIONS_DIR = path.join(REPO_ROOT, 'cloudfunctions');
export const DEFAULT_INDEXES_FILE = path.join(DEFAULT_FUNCTIONS_DIR, 'database.indexes.json');
export const DEFAULT_SEC_WORDS_FILE = path.join(__dirname, 'sec-words.txt');
/** Functions `require('wx-server-sdk')`; this lets them resolve it even when they live outside the repo. */
export const REPO_NODE_MODULES = path.join(REPO_ROOT, 'node_modules');
