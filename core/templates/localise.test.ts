import { describe, expect, it } from 'vitest'
import { languagesOf, localise, translationGaps } from './localise'
import { templateWith, field } from './test-support'

describe('localised text', () => {
  const label = { en: 'Evidence of success', el: 'Τεκμήρια επιτυχίας', ro: '  ' }

  it('gives the asked-for language, or English, saying that it fell back', () => {
    expect(localise(label, 'el')).toEqual({ text: 'Τεκμήρια επιτυχίας', language: 'el', fellBack: false })
    expect(localise(label, 'de')).toEqual({ text: 'Evidence of success', language: 'en', fellBack: true })
    expect(localise(label, 'ro')).toEqual({ text: 'Evidence of success', language: 'en', fellBack: true })
    expect(localise(label, 'en')).toEqual({ text: 'Evidence of success', language: 'en', fellBack: false })
    expect(localise(label, 'constructor')).toMatchObject({ language: 'en', fellBack: true })
  })

  it('lists what the catalogue still has to translate, labels apart from guidance', () => {
    const all = { en: 'Name', de: 'Name', el: 'Όνομα', it: 'Nome', ro: 'Nume', es: 'Nombre' }
    const template = templateWith([
      {
        ...field({ id: 'name', type: 'text' }),
        label: all,
        guidance: { en: 'The name people use.', de: 'Der Name.' },
      },
      {
        ...field({
          id: 'levels',
          type: 'group',
          default: [{ name: 'Not interface text' }],
          fields: [field({ id: 'name', type: 'text' })],
        }),
        label: { ...all, es: '' },
      },
    ])
    template.title = all
    template.description = all
    template.sections[0]!.title = all
    expect(
      translationGaps(template).map(
        ({ path, missing, mustTranslate }) => `${path} ${missing.join(',')} ${mustTranslate}`,
      ),
    ).toEqual([
      'sections[0].fields[0].guidance el,it,ro,es false',
      'sections[0].fields[1].label es true',
      'sections[0].fields[1].guidance de,el,it,ro,es false',
      'sections[0].fields[1].fields[0].label de,el,it,ro,es true',
      'sections[0].fields[1].fields[0].guidance de,el,it,ro,es false',
    ])
    expect(languagesOf(template)).toEqual(['en'])
    template.sections[0]!.fields = [template.sections[0]!.fields[0]!]
    expect(languagesOf(template)).toEqual(['en', 'de', 'el', 'es', 'it', 'ro'])
  })
})
