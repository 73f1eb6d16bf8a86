// monaco-yaml's worker, re-exported from our own module so Vite bundles it as a worker entry
// (importing it straight from node_modules with `?worker` breaks its foreign-module loading).
export * from 'monaco-yaml/yaml.worker';
