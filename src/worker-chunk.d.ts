/** `import url from './some-worker.ts?worker-chunk'`: the built worker's URL (scripts/worker-chunk-plugin.ts). */
declare module '*?worker-chunk' {
  const url: string;
  export default url;
}
