/**
 * Reading an uploaded CSV file (UTF-8, optional BOM, header row) into rows that remember their line
 * number, and the CSV_INVALID error that lists every problem as `{ line, field, message }`.
 * Imports validate every row first and write nothing when any row is wrong.
 */
import { parse } from 'csv-parse/sync'
import { DomainError } from '../../../../shared/errors'

export interface CsvProblem {
  /** 1-based line in the file (the header is line 1). */
  line: number
  field: string
  message: string
}

export interface CsvRow {
  line: number
  values: Record<string, string>
}

/** At most this many problems are reported, so a wrong file does not produce a huge error. */
const MAX_PROBLEMS = 200

export function csvInvalid(problems: CsvProblem[]): DomainError {
  return new DomainError(
    'CSV_INVALID',
    `CSV 文件有 ${problems.length} 处错误，未导入任何数据`,
    problems.slice(0, MAX_PROBLEMS),
  )
}

const PARSE_MESSAGES: Record<string, string> = {
  CSV_RECORD_INCONSISTENT_COLUMNS: '列数与表头不一致',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: '列数与表头不一致',
  CSV_QUOTE_NOT_CLOSED: '引号没有闭合',
  CSV_INVALID_CLOSING_QUOTE: '引号使用有误',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '引号后面有多余字符',
}

class HeaderError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super('bad header')
  }
}

/**
 * Parses `text` with a header row. `required` columns must be present; `optional` ones may be
 * missing (read as ''); unknown columns are refused so a typo in a header is not silently ignored.
 */
export function readCsv(
  text: string,
  required: readonly string[],
  optional: readonly string[] = [],
): CsvRow[] {
  const known = new Set([...required, ...optional])
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      info: true,
      skip_empty_lines: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim().toLowerCase())
        const problems: CsvProblem[] = []
        for (const name of required) {
          if (!names.includes(name)) {
            problems.push({ line: 1, field: name, message: `缺少“${name}”列` })
          }
        }
        for (const name of names) {
          if (!known.has(name))
            problems.push({ line: 1, field: name, message: `未知的列“${name}”` })
        }
        if (problems.length > 0) throw new HeaderError(problems)
        return names
      },
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>
  } catch (error) {
    if (error instanceof HeaderError) throw csvInvalid(error.problems)
    const e = error as { code?: string; lines?: number; message?: string }
    throw csvInvalid([
      {
        line: typeof e.lines === 'number' ? e.lines : 1,
        field: 'csv',
        message: (e.code && PARSE_MESSAGES[e.code]) || '无法解析 CSV 文件',
      },
    ])
  }
  if (records.length === 0) {
    throw csvInvalid([{ line: 1, field: 'csv', message: '文件中没有数据行' }])
  }
  return records.map(({ record, info }) => {
    const values: Record<string, string> = {}
    for (const name of known) values[name] = record[name] ?? ''
    return { line: info.lines, values }
  })
}
