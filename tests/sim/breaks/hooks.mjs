// Source patches for SIM_BREAK, applied as modules load. Each names a file and the exact text it
// replaces; a patch that no longer matches fails loudly rather than breaking nothing.
const BREAKS = {
  // Last writer LOSES: an older stamp replaces a newer one.
  lww: {
    file: '/shared/merge.ts',
    patches: [
      ['if (storedHlc === undefined || hlc > storedHlc) {', 'if (storedHlc === undefined || hlc < storedHlc) {'],
      ['if (stored === undefined || hlc > stored) {', 'if (stored === undefined || hlc < stored) {'],
    ],
  },
  // The issue state machine switched off: any action from any state.
  lifecycle: {
    file: '/shared/issue-lifecycle.ts',
    patches: [['if (!rule.from.includes(from)) {', 'if (false) {']],
  },
};

const chosen = BREAKS[process.env.SIM_BREAK ?? ''];

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!chosen || !url.split('?')[0].endsWith(chosen.file)) return result;
  let source = typeof result.source === 'string' ? result.source : Buffer.from(result.source).toString('utf8');
  for (const [from, to] of chosen.patches) {
    if (!source.includes(from))
      throw new Error(`SIM_BREAK=${process.env.SIM_BREAK}: ${chosen.file} no longer has: ${from}`);
    source = source.replace(from, to);
  }
  return { ...result, source };
}
