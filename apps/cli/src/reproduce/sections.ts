import type { ReproduceSectionRunner } from '@lmkit/tensor';

/** Section ids of `lmkit reproduce`, in report order. */
export const SECTION_IDS = ['lm', 'xpos', 'trace', 'picl', 'icl'] as const;

/** One of {@link SECTION_IDS}. */
export type SectionId = (typeof SECTION_IDS)[number];

/** A registered section: where its runner lives (loaded lazily so `--only` skips heavy packages). */
export interface SectionEntry {
  /** Heading used when the section fails before it can name itself. */
  title: string;
  /** The package that contributes it. */
  packageName: string;
  /** Loads the section's runner. */
  load: () => Promise<ReproduceSectionRunner>;
}

/** The reproduce registry: each paper package contributes one section through its `/node` entry. */
export const SECTIONS: Record<SectionId, SectionEntry> = {
  lm: {
    title: 'Small language model (core)',
    packageName: '@lmkit/tensor',
    load: async () => (await import('@lmkit/tensor/node')).reproduceLm,
  },
  xpos: {
    title: 'A Length-Extrapolatable Transformer (XPOS)',
    packageName: '@lmkit/xpos',
    load: async () => (await import('@lmkit/xpos/node')).reproduceXpos,
  },
  trace: {
    title: 'Code Execution with Pre-trained Language Models (CodeExecutor)',
    packageName: '@lmkit/trace',
    load: async () => (await import('@lmkit/trace/node')).reproduceTrace,
  },
  picl: {
    title: 'Pre-Training to Learn in Context (PICL)',
    packageName: '@lmkit/picl',
    load: async () => (await import('@lmkit/picl/node')).reproducePicl,
  },
  icl: {
    title: 'Why Can GPT Learn In-Context? (ICL as meta-optimisation)',
    packageName: '@lmkit/icl',
    load: async () => (await import('@lmkit/icl/node')).reproduceIcl,
  },
};
