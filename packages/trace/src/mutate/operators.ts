/**
 * The 12 mutation operators (CodeNetMut-style, arXiv 2305.05383 §3). Each changes exactly one
 * place of a program's syntax tree; the mutant is re-printed with `ast.unparse` and must compile.
 */

/** Operator ids with what each one does. */
export const MUTATION_OPERATORS = {
  /** Constant replacement. */
  CRP: 'constant replacement: a numeric literal n becomes n+1, n-1 or 0',
  /** Arithmetic operator replacement. */
  AOR: 'arithmetic operator replacement: one of + - * / // % ** becomes another',
  /** Assignment operator replacement. */
  ASR: 'assignment operator replacement: an augmented assignment (+=, -=, …, &=, …) uses another operator of its group',
  /** Bitwise operator replacement. */
  BOR: 'bitwise operator replacement: one of & | ^ << >> becomes another',
  /** Logical connector replacement. */
  LCR: 'logical connector replacement: and ↔ or',
  /** Relational operator replacement. */
  ROR: 'relational operator replacement: one of < <= > >= == != becomes another; in ↔ not in, is ↔ is not',
  /** Unary operator insertion. */
  UOI: 'unary operator insertion: an operand of a binary operation x becomes -x',
  /** Unary operator deletion. */
  UOD: 'unary operator deletion: -x, +x, ~x or not x becomes x',
  /** Condition negation. */
  CNG: 'condition negation: the test of an if, while or conditional expression c becomes not c',
  /** Statement deletion. */
  SDL: 'statement deletion: an assignment or expression statement is removed (pass if its block would be empty)',
  /** Statement insertion. */
  SIN: 'statement insertion: a state-changing statement (x += …, a call, x = f(x)) is repeated right after itself',
  /** Variable swap. */
  VSW: 'variable swap: one read of a variable uses another variable of the program instead',
} as const;

/** Id of one of the 12 mutation operators. */
export type MutationOperator = keyof typeof MUTATION_OPERATORS;

/** The operator ids, in documentation order. */
export const MUTATION_OPERATOR_IDS = Object.keys(MUTATION_OPERATORS) as MutationOperator[];

/** True when `s` names a mutation operator. */
export function isMutationOperator(s: string): s is MutationOperator {
  return Object.hasOwn(MUTATION_OPERATORS, s);
}
