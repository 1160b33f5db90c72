import en from './locales/en.json'
import fieldsEn from './locales/fields/en.json'
import richtextEn from './locales/richtext/en.json'
import workspaceEn from './locales/workspace/en.json'
import exchangeEn from './locales/exchange/en.json'
import exportEn from './locales/export/en.json'
import de from './locales/de.json'
import fieldsDe from './locales/fields/de.json'
import richtextDe from './locales/richtext/de.json'
import workspaceDe from './locales/workspace/de.json'
import exchangeDe from './locales/exchange/de.json'
import exportDe from './locales/export/de.json'
import el from './locales/el.json'
import fieldsEl from './locales/fields/el.json'
import richtextEl from './locales/richtext/el.json'
import workspaceEl from './locales/workspace/el.json'
import exchangeEl from './locales/exchange/el.json'
import exportEl from './locales/export/el.json'
import it_ from './locales/it.json'
import fieldsIt from './locales/fields/it.json'
import richtextIt from './locales/richtext/it.json'
import workspaceIt from './locales/workspace/it.json'
import exchangeIt from './locales/exchange/it.json'
import exportIt from './locales/export/it.json'
import ro from './locales/ro.json'
import fieldsRo from './locales/fields/ro.json'
import richtextRo from './locales/richtext/ro.json'
import workspaceRo from './locales/workspace/ro.json'
import exchangeRo from './locales/exchange/ro.json'
import exportRo from './locales/export/ro.json'
import es from './locales/es.json'
import fieldsEs from './locales/fields/es.json'
import richtextEs from './locales/richtext/es.json'
import workspaceEs from './locales/workspace/es.json'
import exchangeEs from './locales/exchange/es.json'
import exportEs from './locales/export/es.json'

/**
 * Every interface string, by language: the screens' shared strings plus one file per area of the app, so the
 * people working on one area do not edit the same file. English is the reference (see i18next.d.ts).
 */
export const translations = {
  en: {
    ...en,
    fields: fieldsEn,
    richtext: richtextEn,
    workspace: workspaceEn,
    exchange: exchangeEn,
    export: exportEn,
  },
  de: {
    ...de,
    fields: fieldsDe,
    richtext: richtextDe,
    workspace: workspaceDe,
    exchange: exchangeDe,
    export: exportDe,
  },
  el: {
    ...el,
    fields: fieldsEl,
    richtext: richtextEl,
    workspace: workspaceEl,
    exchange: exchangeEl,
    export: exportEl,
  },
  it: {
    ...it_,
    fields: fieldsIt,
    richtext: richtextIt,
    workspace: workspaceIt,
    exchange: exchangeIt,
    export: exportIt,
  },
  ro: {
    ...ro,
    fields: fieldsRo,
    richtext: richtextRo,
    workspace: workspaceRo,
    exchange: exchangeRo,
    export: exportRo,
  },
  es: {
    ...es,
    fields: fieldsEs,
    richtext: richtextEs,
    workspace: workspaceEs,
    exchange: exchangeEs,
    export: exportEs,
  },
} as const
