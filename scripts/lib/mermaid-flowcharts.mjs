// The esbuild plugin the preview's bundle (and the benchmarks' bare page) is built with.
/**
 * Mermaid loads each diagram type, layout and KaTeX by dynamic import when a diagram needs it. The
 * preview draws only flowcharts, laid out by ELK (Mermaid 12's default) or dagre, with every label
 * escaped (no KaTeX): the others are left out of the package, and one asked for would say so.
 */
const KEPT = /(^|\/)(flowDiagram|dagre|elk|chunk)-[A-Z0-9]+\.mjs$/;
export const flowchartsOnly = {
  name: 'mermaid-flowcharts-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]mermaid[\\/]dist[\\/]/.test(args.importer)) return undefined;
      if (KEPT.test(args.path)) return undefined;
      return { path: args.path, namespace: 'left-out' };
    });
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`The topology preview bundles Mermaid's flowcharts only; ${args.path} is left out.`)});`,
      loader: 'js',
    }));
  },
};
