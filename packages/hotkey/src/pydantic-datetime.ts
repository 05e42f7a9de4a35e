import { hotkeyErrors } from './errors';

/**
 * Re-emits a datetime exactly as pydantic v2 does when a `datetime.datetime` field is validated
 * from a string and dumped with `model_dump(mode="json")` (pydantic-core parses with `speedate`).
 *
 * Accepted input (anything else throws `DATETIME_INVALID`):
 * - `YYYY-MM-DD` alone: midnight, naive;
 * - `YYYY-MM-DD<sep>HH:MM[:SS[<frac>]][<tz>]` with `<sep>` one of `T t _` or a space, `<frac>` a `.`
 *   or `,` followed by at least one digit (digits after the sixth are truncated, not rounded), and
 *   `<tz>` one of `Z z ±HH:MM ±HHMM` (the minus may also be U+2212).
 * Year 0001-9999, real calendar days, hour <= 23, minute and second <= 59, offset < 24 h.
 *
 * Output: `YYYY-MM-DDTHH:MM:SS`, then `.ffffff` (always six digits) when the microsecond is not 0,
 * then `Z` for a zero offset (`+00:00` and `-00:00` included), `±HH:MM` for another offset, and
 * nothing for a naive input.
 *
 * Deliberate gap: pydantic also reads a string of digits as a unix timestamp (`"1700000000"`,
 * `"1.5"`); no peer sends those (they dump datetimes, never numbers), and its float arithmetic is
 * not worth mirroring, so they are refused here.
 */
export function pydanticDatetime(input: string | Date): string {
  if (input instanceof Date) return fromDate(input);
  const parsed = parseDatetime(input);
  if (typeof parsed === 'string') {
    throw hotkeyErrors.error('DATETIME_INVALID', `${parsed}: ${JSON.stringify(input)}`);
  }
  return format(parsed);
}

interface ParsedDatetime {
  readonly date: string; // YYYY-MM-DD, validated
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  /** Offset in minutes east of UTC; undefined for a naive datetime. */
  readonly offset: number | undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?/;
const OFFSET = /^(?:([Zz])|([+\-\u2212])(\d{2}):?(\d{2}))$/;

/** Returns the parsed parts, or the reason the input is refused. */
function parseDatetime(input: string): ParsedDatetime | string {
  const date = DATE.exec(input);
  if (!date) return 'expected YYYY-MM-DD';
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  if (year < 1) return 'year 0 is out of range';
  if (month < 1 || month > 12) return 'month out of range';
  if (day < 1 || day > daysInMonth(year, month)) return 'day out of range';
  const dateText = date[0];
  if (input.length === 10) return { date: dateText, hour: 0, minute: 0, second: 0, microsecond: 0, offset: undefined };

  if (!'Tt _'.includes(input.charAt(10))) return 'invalid date/time separator';
  const rest = input.slice(11);
  const time = TIME.exec(rest);
  if (!time) return 'expected HH:MM';
  const hour = Number(time[1]);
  const minute = Number(time[2]);
  const second = time[3] === undefined ? 0 : Number(time[3]);
  if (hour > 23 || minute > 59 || second > 59) return 'time out of range';
  const fraction = time[4];
  const microsecond = fraction === undefined ? 0 : Number(fraction.slice(0, 6).padEnd(6, '0'));

  const tz = rest.slice(time[0].length);
  if (tz === '') return { date: dateText, hour, minute, second, microsecond, offset: undefined };
  const offset = OFFSET.exec(tz);
  if (!offset) return 'unexpected characters after the time';
  if (offset[1] !== undefined) return { date: dateText, hour, minute, second, microsecond, offset: 0 };
  const offsetHours = Number(offset[3]);
  const offsetMinutes = Number(offset[4]);
  if (offsetHours > 23 || offsetMinutes > 59) return 'offset out of range';
  const sign = offset[2] === '+' ? 1 : -1;
  return { date: dateText, hour, minute, second, microsecond, offset: sign * (offsetHours * 60 + offsetMinutes) };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function format(dt: ParsedDatetime): string {
  const time = `${pad2(dt.hour)}:${pad2(dt.minute)}:${pad2(dt.second)}`;
  const fraction = dt.microsecond === 0 ? '' : `.${String(dt.microsecond).padStart(6, '0')}`;
  return `${dt.date}T${time}${fraction}${formatOffset(dt.offset)}`;
}

function formatOffset(offset: number | undefined): string {
  if (offset === undefined) return '';
  if (offset === 0) return 'Z';
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** A JavaScript Date is an instant in UTC with millisecond precision: dumped as an aware UTC datetime. */
function fromDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) {
    throw hotkeyErrors.error('DATETIME_INVALID', 'Date is invalid or outside years 1-9999');
  }
  const dateText = `${String(year).padStart(4, '0')}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  return format({
    date: dateText,
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    microsecond: date.getUTCMilliseconds() * 1000,
    offset: 0,
  });
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
