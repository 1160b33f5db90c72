import { useRef, useState, type JSX, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { DropdownMenu, Toolbar } from 'radix-ui'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import {
  $deleteTableColumnAtSelection,
  $deleteTableRowAtSelection,
  $insertTableColumnAtSelection,
  $insertTableRowAtSelection,
  INSERT_TABLE_COMMAND,
} from '@lexical/table'
import { $getSelection, $insertNodes, $isRangeSelection } from 'lexical'
import { HEADING_TAGS } from '../../../core/model/rich-text-nodes'
import { asApiError } from '../api/client'
import { Icon } from '../ui/Icon'
import { useToasts } from '../ui/Toasts'
import { useRichTextProject } from './assets'
import { FootnoteDialog } from './FootnoteDialog'
import { $createFootnoteNode } from './nodes/FootnoteNode'
import { insertImageFiles } from './plugins/ImagePlugin'

export type HeadingLevel = (typeof HEADING_TAGS)[number]
type BlockKind = 'paragraph' | 'quote' | HeadingLevel

/** Paragraph, heading 1–4 or quote, for the block the caret is in. A native select: keyboard and screen-reader
 * behaviour come for free. */
function BlockSelect({
  value,
  disabled,
  onChange,
}: {
  value: BlockKind
  disabled: boolean
  onChange: (kind: BlockKind) => void
}): JSX.Element {
  const { t } = useTranslation()
  return (
    <select
      className="toolbar-select"
      aria-label={t('richtext.block.label')}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value as BlockKind)}
    >
      <option value="paragraph">{t('richtext.block.paragraph')}</option>
      {HEADING_TAGS.map((tag, index) => (
        <option key={tag} value={tag}>
          {t('richtext.block.heading', { level: index + 1 })}
        </option>
      ))}
      <option value="quote">{t('richtext.block.quote')}</option>
    </select>
  )
}

function Inserts({
  disabled,
  inTable,
  onMouseDown,
}: {
  disabled: boolean
  inTable: boolean
  onMouseDown: (event: MouseEvent) => void
}): JSX.Element {
  const { t } = useTranslation()
  const [editor] = useLexicalComposerContext()
  const projectId = useRichTextProject()
  const { notifyError } = useToasts()
  const fileInput = useRef<HTMLInputElement>(null)
  const [footnoteOpen, setFootnoteOpen] = useState(false)

  const insertTable = () =>
    editor.dispatchCommand(INSERT_TABLE_COMMAND, {
      rows: '3',
      columns: '3',
      includeHeaders: { rows: true, columns: false },
    })

  const tableActions: Array<[label: string, action: () => void]> = [
    [t('richtext.table.addRow'), () => $insertTableRowAtSelection(true)],
    [t('richtext.table.addColumn'), () => $insertTableColumnAtSelection(true)],
    [t('richtext.table.removeRow'), () => $deleteTableRowAtSelection()],
    [t('richtext.table.removeColumn'), () => $deleteTableColumnAtSelection()],
  ]

  const chooseImages = (files: FileList | null) => {
    if (!files || files.length === 0 || projectId === null) return
    insertImageFiles(editor, projectId, Array.from(files)).catch((error: unknown) =>
      notifyError(t('richtext.image.addFailed'), asApiError(error)),
    )
  }

  const insertFootnote = (text: string) =>
    editor.update(() => {
      const selection = $getSelection()
      if ($isRangeSelection(selection)) $insertNodes([$createFootnoteNode(text)])
    })

  return (
    <>
      <Toolbar.Separator className="toolbar-separator" />
      <Toolbar.Button
        className="toolbar-button"
        aria-label={t('richtext.table.insert')}
        title={t('richtext.table.insert')}
        disabled={disabled || inTable}
        onMouseDown={onMouseDown}
        onClick={insertTable}
      >
        <span className="toolbar-glyph" aria-hidden="true">
          ⊞
        </span>
      </Toolbar.Button>
      {inTable && (
        // Not in a portal: the menu stays inside the field, so the toolbar keeps showing while it is open.
        <DropdownMenu.Root modal={false}>
          <DropdownMenu.Trigger asChild>
            <Toolbar.Button className="toolbar-button toolbar-button-text" disabled={disabled}>
              {t('richtext.table.menu')}
            </Toolbar.Button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Content
            className="menu"
            align="start"
            sideOffset={4}
            collisionPadding={8}
            // Back to the text: the caret is where the table was changed.
            onCloseAutoFocus={(event) => {
              event.preventDefault()
              editor.focus()
            }}
          >
            {tableActions.map(([label, action]) => (
              <DropdownMenu.Item key={label} className="menu-item" onSelect={() => editor.update(action)}>
                {label}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Root>
      )}
      <Toolbar.Button
        className="toolbar-button"
        aria-label={t('richtext.image.insert')}
        title={t('richtext.image.insert')}
        disabled={disabled || projectId === null}
        onClick={() => fileInput.current?.click()}
      >
        <Icon name="image" />
      </Toolbar.Button>
      <input
        ref={fileInput}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp,image/bmp,image/svg+xml"
        multiple
        hidden
        data-testid="richtext-image-input"
        onChange={(event) => {
          chooseImages(event.target.files)
          event.target.value = ''
        }}
      />
      <Toolbar.Button
        className="toolbar-button"
        aria-label={t('richtext.footnote.insert')}
        title={t('richtext.footnote.insert')}
        disabled={disabled}
        onMouseDown={onMouseDown}
        onClick={() => setFootnoteOpen(true)}
      >
        <span className="toolbar-glyph" aria-hidden="true">
          ¹
        </span>
      </Toolbar.Button>
      {footnoteOpen && (
        <FootnoteDialog initialText="" onClose={() => setFootnoteOpen(false)} onApply={insertFootnote} />
      )}
    </>
  )
}

export const RichTextToolbarExtras = { BlockSelect, Inserts }
