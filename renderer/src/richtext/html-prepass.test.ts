import { describe, expect, it } from 'vitest'
import { markWordListMarkers, neutraliseEventHandlers } from './html-prepass'

describe('neutraliseEventHandlers', () => {
  it('renames event handlers in every way a tag can spell them', () => {
    expect(neutraliseEventHandlers(`<img src=x onerror="alert(1)">`)).toBe(
      `<img src=x data-blocked-onerror="alert(1)">`,
    )
    expect(neutraliseEventHandlers(`<svg/onload=alert(1)>`)).toBe(`<svg/data-blocked-onload=alert(1)>`)
    expect(neutraliseEventHandlers(`<p\tONCLICK='x()' title="a > b onmouseover=y">t</p>`)).toBe(
      `<p\tdata-blocked-ONCLICK='x()' title="a > b onmouseover=y">t</p>`,
    )
    expect(neutraliseEventHandlers(`<a href="x"\nonfocus=y autofocus>`)).toBe(
      `<a href="x"\ndata-blocked-onfocus=y autofocus>`,
    )
  })

  it('never touches text outside tags or ordinary attributes', () => {
    for (const html of [
      'Turn it on=off and a < b onward',
      '<p class="online" data-one="1">only one</p>',
      'ends with <',
    ])
      expect(neutraliseEventHandlers(html)).toBe(html)
  })

  it('errs on the safe side inside comments, which are dropped anyway', () => {
    expect(neutraliseEventHandlers('<!-- <p onclick=x> -->')).toBe('<!-- <p data-blocked-onclick=x> -->')
  })
})

describe('markWordListMarkers', () => {
  it("replaces Word's bullet and number markers with the kind of list they belong to", () => {
    const bullet = `<p style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>·<span>&nbsp;&nbsp;</span></span><![endif]>Item</p>`
    const number = `<p><!--[if !supportLists]--><span>12.<span>&nbsp;</span></span><!--[endif]-->Step</p>`
    expect(markWordListMarkers(bullet)).toBe(
      `<p style='mso-list:l0 level1 lfo1'><span data-rt-marker="bullet"></span>Item</p>`,
    )
    expect(markWordListMarkers(number)).toBe(`<p><span data-rt-marker="number"></span>Step</p>`)
    expect(markWordListMarkers('<p>No list here</p>')).toBe('<p>No list here</p>')
  })
})
