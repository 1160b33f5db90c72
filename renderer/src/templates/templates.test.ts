import { describe, expect, it } from 'vitest'
import type { CompletenessCode, Issue } from '../../../core/templates/completeness'
import type { Template } from '../../../core/templates/template-schema'
import type { TemplateSummary } from '../api/types'
import { fieldAtPath, isMissing } from './issues'
import { fileName, templateName } from './template-names'

const template: Template = {
  formatVersion: 1,
  id: 'mini-curriculum',
  version: 1,
  kind: 'custom',
  objective: 'SO2',
  title: { en: 'Mini curriculum', el: 'Μικρό πρόγραμμα σπουδών' },
  description: { en: 'For a test.' },
  sections: [
    {
      id: 'main',
      title: { en: 'Main' },
      fields: [
        { id: 'keywords', type: 'list', label: { en: 'Keywords' }, guidance: { en: 'Words.' }, minItems: 2 },
        {
          id: 'modules',
          type: 'group',
          label: { en: 'Modules' },
          guidance: { en: 'Modules.' },
          fields: [
            {
              id: 'credits',
              type: 'number',
              label: { en: 'Credits', ro: 'Credite' },
              guidance: { en: 'ECTS.' },
            },
            {
              id: 'outcomes',
              type: 'group',
              label: { en: 'Outcomes' },
              guidance: { en: 'Outcomes.' },
              fields: [{ id: 'text', type: 'text', label: { en: 'Outcome' }, guidance: { en: 'One.' } }],
            },
          ],
        },
      ],
    },
  ],
}

const summary: TemplateSummary = {
  id: template.id,
  version: 1,
  kind: 'custom',
  objective: 'SO2',
  title: template.title,
  languages: ['en'],
  origin: 'user',
}

function issue(
  code: CompletenessCode,
  params: Record<string, string | number> = {},
): Issue<CompletenessCode> {
  return { code, severity: 'error', message: '', params: { field: 'f', label: 'F', ...params }, path: ['f'] }
}

describe('template names', () => {
  it('names a document’s template in the interface language, or says it is free text or not installed', () => {
    expect(templateName('plain', [summary], 'el')).toEqual({ kind: 'plain' })
    expect(templateName('mini-curriculum', null, 'el')).toEqual({ kind: 'loading' })
    expect(templateName('mini-curriculum', [summary], 'el')).toEqual({
      kind: 'known',
      text: 'Μικρό πρόγραμμα σπουδών',
      lang: 'el',
    })
    expect(templateName('mini-curriculum', [summary], 'de')).toEqual({
      kind: 'known',
      text: 'Mini curriculum',
      lang: 'en',
    })
    expect(templateName('gone', [summary], 'en')).toEqual({ kind: 'missing', templateId: 'gone' })
  })

  it('takes the file’s name from a path of either platform', () => {
    expect(fileName('/home/ana/Downloads/mini.json')).toBe('mini.json')
    expect(fileName('C:\\Users\\ana\\mini.json')).toBe('mini.json')
    expect(fileName('mini.json')).toBe('mini.json')
  })
})

describe('completeness issues', () => {
  it('finds the field an issue path names, through group items at any depth', () => {
    expect(fieldAtPath(template, ['keywords'])?.id).toBe('keywords')
    expect(fieldAtPath(template, ['keywords', 1])?.id).toBe('keywords')
    expect(fieldAtPath(template, ['modules', 'item-1', 'credits'])?.label.ro).toBe('Credite')
    expect(fieldAtPath(template, ['modules', 'item-1', 'outcomes', 'item-2', 'text'])?.id).toBe('text')
    expect(fieldAtPath(template, ['modules', 'item-1', 'nothing'])).toBeUndefined()
    expect(fieldAtPath(template, ['nothing'])).toBeUndefined()
    expect(fieldAtPath(template, [])).toBeUndefined()
  })

  it('counts an empty list or table that needs entries as missing, like an empty required field', () => {
    expect(isMissing(issue('required'))).toBe(true)
    expect(isMissing(issue('too-few-items', { count: 0, min: 3 }))).toBe(true)
    expect(isMissing(issue('too-few-rows', { count: 0, min: 1 }))).toBe(true)
    expect(isMissing(issue('too-few-items', { count: 2, min: 3 }))).toBe(false)
    expect(isMissing(issue('too-few-words', { count: 0, min: 50 }))).toBe(false)
  })
})
