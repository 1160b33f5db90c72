import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer'
import { ContentEditable } from '@lexical/react/LexicalContentEditable'
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary'
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin'
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin'
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin'
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin'
import { TablePlugin } from '@lexical/react/LexicalTablePlugin'
import type { RichText } from '../../../core/model/rich-text'
import { initialEditorState } from '../document/editor-config'
import { LinkPolicyPlugin } from '../document/editor-plugins'
import { EditorToolbar } from '../document/EditorToolbar'
import { isAllowedLinkUrl } from '../document/link-policy'
import { RichTextProjectContext } from './assets'
import { MARKDOWN_SHORTCUTS, RICH_TEXT_NODES, RICH_TEXT_THEME } from './config'
import { ChangePlugin } from './plugins/ChangePlugin'
import { ImagePlugin } from './plugins/ImagePlugin'
import { EarlyListPlugin, InitialTextPlugin } from './plugins/InitialTextPlugins'
import { ListTabPlugin } from './plugins/ListTabPlugin'
import { OffscreenBlocksPlugin } from './plugins/OffscreenBlocksPlugin'
import { PastePlugin } from './plugins/PastePlugin'
import { ReadOnlyPlugin } from './plugins/ReadOnlyPlugin'
import { WordCountPlugin } from './WordCount'

export interface RichTextFieldProps {
  /** Read when the field mounts; give the component a new `key` to show a different value. */
  value: RichText
  /** Called after every real edit with the whole value, ready to store. */
  onChange?: (value: RichText) => void
  /**
   * Called after every real edit with a function that reads the value: for owners that serialise only when a
   * save starts, so a keystroke in a long text costs no serialisation.
   */
  onEdit?: (read: () => RichText) => void
  /** BCP-47 language of the text: sets `lang`, so the spellchecker and hyphenation follow it. */
  language: string
  ariaLabel?: string
  labelledBy?: string
  describedBy?: string
  placeholder?: string
  /** The project whose assets the field's images are stored in. */
  projectId: string
  minWords?: number
  maxWords?: number
  readOnly?: boolean
  /** For a table cell: no word count under it unless the template sets limits. */
  compact?: boolean
}

/**
 * One rich-text field: a Lexical editor with light chrome. The toolbar shows while the field has the focus; the
 * word count (with the template's limits) is always there.
 */
export function RichTextField({
  value,
  onChange,
  onEdit,
  language,
  ariaLabel,
  labelledBy,
  describedBy,
  placeholder,
  projectId,
  minWords,
  maxWords,
  readOnly = false,
  compact = false,
}: RichTextFieldProps): JSX.Element {
  const { t } = useTranslation()
  const [initialState] = useState(() => initialEditorState(value))
  const [initialConfig] = useState<InitialConfigType>(() => ({
    namespace: 'hecsos-field',
    nodes: [...RICH_TEXT_NODES],
    theme: RICH_TEXT_THEME,
    editable: !readOnly,
    onError: (error) => {
      // Lexical reports here what it could recover from; the error boundary handles the rest.
      console.warn('Editor problem', error)
    },
  }))

  const contentProps = {
    className: 'rt-field-content',
    'aria-label': labelledBy ? undefined : (ariaLabel ?? t('richtext.field')),
    'aria-labelledby': labelledBy,
    'aria-describedby': describedBy,
    'aria-multiline': true,
    'aria-readonly': readOnly || undefined,
    lang: language,
    spellCheck: true,
  }

  return (
    <RichTextProjectContext.Provider value={projectId}>
      <LexicalComposer initialConfig={initialConfig}>
        <div className="rt-field" data-readonly={readOnly || undefined}>
          {!readOnly && (
            <div className="rt-field-toolbar">
              <EditorToolbar disabled={readOnly} extended />
            </div>
          )}
          <div className="rt-field-body">
            <RichTextPlugin
              contentEditable={
                placeholder ? (
                  <ContentEditable
                    {...contentProps}
                    aria-placeholder={placeholder}
                    placeholder={<div className="rt-field-placeholder">{placeholder}</div>}
                  />
                ) : (
                  <ContentEditable {...contentProps} />
                )
              }
              ErrorBoundary={LexicalErrorBoundary}
            />
          </div>
          {(!compact || minWords !== undefined || maxWords !== undefined) && (
            <WordCountPlugin min={minWords} max={maxWords} />
          )}
        </div>
        <HistoryPlugin />
        <EarlyListPlugin />
        <ListTabPlugin />
        <LinkPlugin validateUrl={isAllowedLinkUrl} />
        <LinkPolicyPlugin />
        <TablePlugin hasCellMerge={false} hasCellBackgroundColor={false} />
        <MarkdownShortcutPlugin transformers={MARKDOWN_SHORTCUTS} />
        <ImagePlugin />
        <PastePlugin />
        <ReadOnlyPlugin readOnly={readOnly} />
        <ChangePlugin onChange={onChange} onEdit={onEdit} />
        <OffscreenBlocksPlugin initialBlocks={initialState?.root.children.length ?? 0} />
        {/* Last: the text is loaded once every plugin above is in place. */}
        <InitialTextPlugin text={initialState} />
      </LexicalComposer>
    </RichTextProjectContext.Provider>
  )
}
