import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { DropdownMenu } from 'radix-ui'
import { PARTNER_LANGUAGES } from '../../../core/model/languages'
import { setInterfaceLanguage } from '../i18n/i18n'
import { endonym } from '../i18n/languages'
import { Icon } from '../ui/Icon'

/** Each language is listed in its own name, so a user who cannot read the current one still finds theirs. */
export function LanguageMenu(): JSX.Element {
  const { t, i18n } = useTranslation()
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button
          type="button"
          className="button button-quiet language-trigger"
          aria-label={t('language.menuLabel', { language: endonym(i18n.language) })}
        >
          <Icon name="globe" />
          <span lang={i18n.language}>{endonym(i18n.language)}</span>
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4} collisionPadding={8}>
          <DropdownMenu.Label className="menu-label">{t('language.title')}</DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={i18n.language}
            onValueChange={(code) => void setInterfaceLanguage(code)}
          >
            {PARTNER_LANGUAGES.map((code) => (
              <DropdownMenu.RadioItem
                key={code}
                value={code}
                className="menu-item menu-item-radio"
                lang={code}
              >
                <DropdownMenu.ItemIndicator className="menu-indicator">
                  <Icon name="check" />
                </DropdownMenu.ItemIndicator>
                {endonym(code)}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  )
}
