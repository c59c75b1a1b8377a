// What a build says as it goes, read from podman's output: the step it is at ("STEP 3/7: RUN
// make", "[2/2] STEP 1/4: FROM ..." in a multi-stage build), and the step it failed at ("Error:
// building at STEP "RUN false": exit status 1", the same words at v4.3.1, v5.4.2 and v5.8.6), taken
// back to its line of the Containerfile. Pure.

export interface BuildStep {
  /** `[2/3]` of a multi-stage build: the stage, from 1. */
  stage?: number;
  step: number;
  steps: number;
  instruction: string;
}

const STEP = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/(\d+): (.*)$/;

export function buildStep(line: string): BuildStep | undefined {
  const m = STEP.exec(line.trim());
  return m ? { ...(m[1] ? { stage: Number(m[1]) } : {}), step: Number(m[2]), steps: Number(m[3]), instruction: m[4] } : undefined;
}

/** The instruction podman names in `building at STEP "..."`, and what it said after it. */
export function failedStep(stderr: string): { instruction: string; why: string } | undefined {
  const m = /building at STEP "((?:[^"\\]|\\.)*)": (.*)/.exec(stderr);
  return m ? { instruction: m[1], why: m[2].trim() } : undefined;
}

export interface Instruction {
  /** Zero-based line where it starts. */
  line: number;
  /** Its text, continuation lines joined. */
  text: string;
  /** The build stage it belongs to (a FROM starts one), from 1. */
  stage: number;
}

/** A Containerfile's instructions: comments and blank lines skipped, `\` continuations joined. */
export function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  let stage = 0;
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i].trim();
    if (!first || first.startsWith('#')) continue;
    const start = i;
    let joined = first;
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      const next = lines[++i].trim();
      joined = joined.slice(0, -1).trimEnd() + (next && !next.startsWith('#') ? ` ${next}` : '');
    }
    if (/^FROM\s/i.test(joined)) stage++;
    out.push({ line: start, text: joined, stage: Math.max(stage, 1) });
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The line of the Containerfile a failed build stopped at: the instruction podman names, else
 * the last step it began (its number within its stage).
 */
export function failedLine(containerfile: string, failed: { instruction: string } | undefined, last: BuildStep | undefined): number | undefined {
  const all = instructions(containerfile);
  if (failed) {
    const named = all.filter((i) => squash(i.text) === squash(failed.instruction));
    if (named.length === 1 || (named.length && !last)) return named[0].line;
    const inStage = named.find((i) => i.stage === (last?.stage ?? 1));
    if (inStage) return inStage.line;
  }
  if (!last) return undefined;
  return all.filter((i) => i.stage === (last.stage ?? 1))[last.step - 1]?.line;
}
