// Helpers every layer may use; they import nothing from the project.
export * from './manifest-path';
export * from './markdown';
export * from './values';
