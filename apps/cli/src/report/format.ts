import { MISSING_VALUE, type NumberCell, type NumberFormat, type TableCell } from '@lmkit/tensor';

const AUTO: NumberFormat = { style: 'auto' };

/** True for a number that can be printed (not null, undefined, NaN or ±∞). */
function printable(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Formats a number (see {@link NumberFormat}; default `auto`: integers in full, others to 4
 * significant digits without trailing zeros, exponent form below 1e-3 and from 1e6), and
 * {@link MISSING_VALUE} for null or non-finite values.
 */
export function formatNumber(value: number | null | undefined, format: NumberFormat = AUTO): string {
  if (!printable(value)) return MISSING_VALUE;
  switch (format.style) {
    case 'fixed':
      return value.toFixed(format.digits);
    case 'percent':
      return `${(100 * value).toFixed(format.digits)}%`;
    case 'exponential':
      return value.toExponential(format.digits);
    case 'integer':
      return Math.round(value).toLocaleString('en-US');
    default: {
      if (Number.isInteger(value)) return String(value);
      const abs = Math.abs(value);
      if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3).replace(/\.?0+e/, 'e');
      return String(Number(value.toPrecision(4)));
    }
  }
}

/**
 * A paper's number as published: at most the cell's decimals (`fixed`) without padding zeros the
 * paper did not print (0.87 stays 0.87 in a 3-decimal column), a percentage or exponent form when
 * the cell is one, else up to 6 significant digits (a ratio of published numbers stays short).
 */
export function formatPaperNumber(value: number | null | undefined, format?: NumberFormat): string {
  if (!printable(value)) return MISSING_VALUE;
  if (format?.style === 'fixed') return String(Number(value.toFixed(format.digits)));
  if (format && format.style !== 'auto') return formatNumber(value, format);
  return String(Number(value.toPrecision(6)));
}

function isNumberCell(cell: TableCell): cell is NumberCell {
  return cell !== null && typeof cell === 'object';
}

/** True when the cell holds a number (plain or {@link NumberCell}), even a missing one. */
export function isNumericCell(cell: TableCell | undefined): boolean {
  return typeof cell === 'number' || (cell !== undefined && isNumberCell(cell));
}

/** Text of a table cell: numbers in the cell's or column's format, `± se`, `(paper)`; missing as {@link MISSING_VALUE}. */
export function formatCell(cell: TableCell | undefined, columnFormat?: NumberFormat): string {
  if (cell === undefined || cell === null) return MISSING_VALUE;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return formatNumber(cell, columnFormat);
  const format = cell.format ?? columnFormat;
  let text = formatNumber(cell.value, format);
  if (printable(cell.se) && printable(cell.value)) text += ` ± ${formatNumber(cell.se, format)}`;
  if (printable(cell.paper)) text += ` (${formatPaperNumber(cell.paper, format)})`;
  return text;
}
