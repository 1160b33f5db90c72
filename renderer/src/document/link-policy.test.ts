import { describe, expect, it } from 'vitest'
import { isAllowedLinkUrl, normaliseLinkInput } from './link-policy'

describe('isAllowedLinkUrl', () => {
  it('accepts web and e-mail links', () => {
    for (const url of ['https://hecsos.eu/results', 'http://example.org', 'mailto:info@hecsos.eu'])
      expect(isAllowedLinkUrl(url)).toBe(true)
  })

  it('refuses the schemes used to run code or reach local files', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'vbscript:msgbox',
      'hecsos://open',
      'about:blank',
      'mailto:',
      'https://',
      'not a url',
    ]) {
      expect(isAllowedLinkUrl(url), url).toBe(false)
    }
  })
})

describe('normaliseLinkInput', () => {
  it('completes what people type', () => {
    expect(normaliseLinkInput('europa.eu/programmes')).toBe('https://europa.eu/programmes')
    expect(normaliseLinkInput('  info@hecsos.eu ')).toBe('mailto:info@hecsos.eu')
    expect(normaliseLinkInput('https://hecsos.eu')).toBe('https://hecsos.eu')
  })

  it('gives up rather than guess wrong', () => {
    for (const input of ['', '   ', 'javascript:alert(1)', 'localhost', 'two words'])
      expect(normaliseLinkInput(input), input).toBeNull()
  })
})
