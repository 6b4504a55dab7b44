import { maskIdNumber, maskName, maskPhone } from '../../../shared/domain'

describe('masking phone numbers', () => {
  test('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
  })

  test('ignores spaces, dashes and the +86 prefix', () => {
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678')
    expect(maskPhone('138 1234 5678')).toBe('138****5678')
  })

  test('keeps only the last 4 digits of a landline', () => {
    expect(maskPhone('0517-83601234')).toBe('********1234')
  })

  test('masks short numbers completely', () => {
    expect(maskPhone('12345')).toBe('*****')
    expect(maskPhone('')).toBe('')
  })
})

describe('masking names', () => {
  test('keeps the surname of a three-character name', () => {
    expect(maskName('张三丰')).toBe('张**')
  })

  test('keeps the surname of a two-character name and masks the given name', () => {
    expect(maskName('李四')).toBe('李*')
  })

  test('masks a single character completely', () => {
    expect(maskName('王')).toBe('*')
  })

  test('over-masks a compound surname rather than leak the given name', () => {
    expect(maskName('欧阳娜娜')).toBe('欧***')
  })

  test('masks transliterated minority names after the first character', () => {
    expect(maskName('阿依古丽·买买提')).toBe('阿*******')
  })

  test('keeps the first letter of each word of a Latin name', () => {
    expect(maskName('Li Lei')).toBe('L* L**')
    expect(maskName('A B')).toBe('A* B*')
  })

  test('trims blanks and returns an empty string for no name', () => {
    expect(maskName('  陈阿姨 ')).toBe('陈**')
    expect(maskName('   ')).toBe('')
  })
})

describe('masking ID numbers', () => {
  test('keeps the region code and the last 4 characters', () => {
    expect(maskIdNumber('32080219900101123X')).toBe('320802********123X')
  })

  test('masks short values completely', () => {
    expect(maskIdNumber('1234')).toBe('****')
  })
})
