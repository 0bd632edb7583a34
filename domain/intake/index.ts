export * from './import';
export * from './parse';
export * from './cases';
