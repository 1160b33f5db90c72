import { useCallback, useEffect, useState, type JSX, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Toolbar } from 'radix-ui'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $isLinkNode, TOGGLE_LINK_COMMAND } from '@lexical/link'
import {
  $isListNode,
  INSERT_ORDERED_LIST_COMMAND,
  INSERT_UNORDERED_LIST_COMMAND,
  REMOVE_LIST_COMMAND,
  ListNode,
} from '@lexical/list'
import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode } from '@lexical/rich-text'
import { $setBlocksType } from '@lexical/selection'
import { $isTableCellNode } from '@lexical/table'
import { $findMatchingParent, $getNearestNodeOfType, mergeRegister } from '@lexical/utils'
import {
  $createParagraphNode,
  $getSelection,
  $isRangeSelection,
  $isRootOrShadowRoot,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  KEY_DOWN_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type TextFormatType,
} from 'lexical'
import { Icon } from '../ui/Icon'
import { LinkDialog } from './LinkDialog'
import { RichTextToolbarExtras, type HeadingLevel } from '../richtext/RichTextToolbarExtras'

type Block = 'paragraph' | 'heading' | 'quote' | 'bullet' | 'number' | 'other'

interface SelectionState {
  formats: TextFormatType[]
  block: Block
  heading: HeadingLevel | null
  inTable: boolean
  link: string | null
}

const EMPTY: SelectionState = { formats: [], block: 'paragraph', heading: null, inTable: false, link: null }
const INLINE_FORMATS: TextFormatType[] = ['bold', 'italic', 'underline']

function $readSelection(): SelectionState {
  const selection = $getSelection()
  if (!$isRangeSelection(selection)) return EMPTY
  const anchor = selection.anchor.getNode()
  const top =
    anchor.getKey() === 'root'
      ? anchor
      : $findMatchingParent(anchor, (node) => {
          const parent = node.getParent()
          return parent !== null && $isRootOrShadowRoot(parent)
        })
  // Inside a table cell the block that matters is the cell's own, not the table.
  const cellBlock = $findMatchingParent(anchor, (node) => $isTableCellNode(node.getParent()))
  const blockNode = cellBlock ?? top
  let block: Block = 'other'
  let heading: HeadingLevel | null = null
  if (blockNode && $isListNode(blockNode)) block = blockNode.getListType() === 'number' ? 'number' : 'bullet'
  else if (blockNode && $isHeadingNode(blockNode)) {
    block = 'heading'
    heading = blockNode.getTag() as HeadingLevel
  } else if (blockNode && $isQuoteNode(blockNode)) block = 'quote'
  else if (blockNode?.getType() === 'paragraph') block = 'paragraph'
  // A list item's own list is nearer than the top block for nested lists.
  const list = $getNearestNodeOfType(anchor, ListNode)
  if (list) block = list.getListType() === 'number' ? 'number' : 'bullet'
  const linkNode = $findMatchingParent(anchor, $isLinkNode)
  return {
    formats: INLINE_FORMATS.filter((format) => selection.hasFormat(format)),
    block,
    heading,
    inTable: cellBlock !== null,
    link: linkNode && $isLinkNode(linkNode) ? linkNode.getURL() : null,
  }
}

function sameSelectionState(a: SelectionState, b: SelectionState): boolean {
  return (
    a.block === b.block &&
    a.heading === b.heading &&
    a.inTable === b.inTable &&
    a.link === b.link &&
    a.formats.length === b.formats.length &&
    a.formats.every((format, index) => format === b.formats[index])
  )
}

const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform)
// Lexical's redo is Ctrl+Y on Windows and Linux, Shift+Cmd+Z on macOS.
const REDO_KEY = IS_MAC ? '⇧Z' : 'Y'

/** Keeps the caret in the text when a toolbar button is clicked with the mouse; keyboard users still tab here. */
const keepEditorFocus = (event: MouseEvent) => event.preventDefault()

/**
 * The formatting toolbar. `extended` adds what rich-text fields have beyond the plain document editor: heading
 * levels, quotes, tables, images and footnotes (those need the field's table and image plugins to be mounted).
 */
export function EditorToolbar({
  disabled,
  extended = false,
}: {
  disabled: boolean
  extended?: boolean
}): JSX.Element {
  const { t } = useTranslation()
  // The modifier key's name differs by keyboard language (German keyboards say "Strg").
  const shortcut = (key: string) => (IS_MAC ? `⌘${key}` : `${t('editor.ctrlKey')}+${key}`)
  const [editor] = useLexicalComposerContext()
  const [state, setState] = useState<SelectionState>(EMPTY)
  const [canUndo, setCanUndo] = useState(false)
  const [canRedo, setCanRedo] = useState(false)
  const [linkOpen, setLinkOpen] = useState(false)

  useEffect(
    () =>
      mergeRegister(
        // Every keystroke is an update, but it seldom changes what the toolbar shows: keeping the previous state
        // when nothing it shows moved spares re-rendering the whole toolbar (≈ 1–2 ms of a keystroke).
        editor.registerUpdateListener(({ editorState }) => {
          const next = editorState.read($readSelection)
          setState((previous) => (sameSelectionState(previous, next) ? previous : next))
        }),
        editor.registerCommand(CAN_UNDO_COMMAND, (value) => (setCanUndo(value), false), COMMAND_PRIORITY_LOW),
        editor.registerCommand(CAN_REDO_COMMAND, (value) => (setCanRedo(value), false), COMMAND_PRIORITY_LOW),
        // Ctrl+K (Cmd+K) opens the link box, as in every word processor.
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          (event) => {
            if (!(IS_MAC ? event.metaKey : event.ctrlKey) || event.key.toLowerCase() !== 'k' || event.altKey)
              return false
            if (!editor.isEditable()) return false
            event.preventDefault()
            setLinkOpen(true)
            return true
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor],
  )

  const setFormats = (formats: string[]) => {
    for (const format of INLINE_FORMATS) {
      if (formats.includes(format) !== state.formats.includes(format))
        editor.dispatchCommand(FORMAT_TEXT_COMMAND, format)
    }
  }

  const toggleHeading = () =>
    editor.update(() => {
      const selection = $getSelection()
      if (!$isRangeSelection(selection)) return
      $setBlocksType(selection, () =>
        state.block === 'heading' ? $createParagraphNode() : $createHeadingNode('h2'),
      )
    })

  const setBlock = (kind: 'paragraph' | 'quote' | HeadingLevel) =>
    editor.update(() => {
      const selection = $getSelection()
      if (!$isRangeSelection(selection)) return
      $setBlocksType(selection, () =>
        kind === 'paragraph'
          ? $createParagraphNode()
          : kind === 'quote'
            ? $createQuoteNode()
            : $createHeadingNode(kind),
      )
    })

  const toggleList = (kind: 'bullet' | 'number') => {
    if (state.block === kind) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined)
    else
      editor.dispatchCommand(
        kind === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND,
        undefined,
      )
  }

  const applyLink = useCallback(
    (url: string | null) => editor.dispatchCommand(TOGGLE_LINK_COMMAND, url),
    [editor],
  )

  return (
    <>
      <Toolbar.Root className="toolbar" aria-label={t('editor.toolbar')}>
        <Toolbar.ToggleGroup
          type="multiple"
          value={state.formats}
          onValueChange={setFormats}
          aria-label={t('editor.textFormat')}
          className="toolbar-group"
        >
          <Toolbar.ToggleItem
            value="bold"
            className="toolbar-button"
            aria-label={t('editor.bold')}
            title={t('editor.shortcut', { action: t('editor.bold'), keys: shortcut('B') })}
            disabled={disabled}
            onMouseDown={keepEditorFocus}
          >
            <span className="toolbar-glyph toolbar-glyph-bold" aria-hidden="true">
              B
            </span>
          </Toolbar.ToggleItem>
          <Toolbar.ToggleItem
            value="italic"
            className="toolbar-button"
            aria-label={t('editor.italic')}
            title={t('editor.shortcut', { action: t('editor.italic'), keys: shortcut('I') })}
            disabled={disabled}
            onMouseDown={keepEditorFocus}
          >
            <span className="toolbar-glyph toolbar-glyph-italic" aria-hidden="true">
              I
            </span>
          </Toolbar.ToggleItem>
          <Toolbar.ToggleItem
            value="underline"
            className="toolbar-button"
            aria-label={t('editor.underline')}
            title={t('editor.shortcut', { action: t('editor.underline'), keys: shortcut('U') })}
            disabled={disabled}
            onMouseDown={keepEditorFocus}
          >
            <span className="toolbar-glyph toolbar-glyph-underline" aria-hidden="true">
              U
            </span>
          </Toolbar.ToggleItem>
        </Toolbar.ToggleGroup>
        <Toolbar.Separator className="toolbar-separator" />
        {extended ? (
          <RichTextToolbarExtras.BlockSelect
            disabled={disabled}
            value={state.block === 'quote' ? 'quote' : (state.heading ?? 'paragraph')}
            onChange={setBlock}
          />
        ) : (
          <Toolbar.Button
            className="toolbar-button"
            aria-label={t('editor.heading')}
            aria-pressed={state.block === 'heading'}
            disabled={disabled}
            onMouseDown={keepEditorFocus}
            onClick={toggleHeading}
          >
            <Icon name="heading" />
          </Toolbar.Button>
        )}
        <Toolbar.Button
          className="toolbar-button"
          aria-label={t('editor.bulletList')}
          aria-pressed={state.block === 'bullet'}
          disabled={disabled}
          onMouseDown={keepEditorFocus}
          onClick={() => toggleList('bullet')}
        >
          <Icon name="listBullet" />
        </Toolbar.Button>
        <Toolbar.Button
          className="toolbar-button"
          aria-label={t('editor.numberedList')}
          aria-pressed={state.block === 'number'}
          disabled={disabled}
          onMouseDown={keepEditorFocus}
          onClick={() => toggleList('number')}
        >
          <Icon name="listNumber" />
        </Toolbar.Button>
        <Toolbar.Button
          className="toolbar-button"
          aria-label={t('editor.link')}
          title={t('editor.shortcut', { action: t('editor.link'), keys: shortcut('K') })}
          aria-pressed={state.link !== null}
          disabled={disabled}
          onClick={() => setLinkOpen(true)}
        >
          <Icon name="link" />
        </Toolbar.Button>
        {extended && (
          <RichTextToolbarExtras.Inserts
            disabled={disabled}
            inTable={state.inTable}
            onMouseDown={keepEditorFocus}
          />
        )}
        <Toolbar.Separator className="toolbar-separator" />
        <Toolbar.Button
          className="toolbar-button"
          aria-label={t('editor.undo')}
          title={t('editor.shortcut', { action: t('editor.undo'), keys: shortcut('Z') })}
          disabled={disabled || !canUndo}
          onMouseDown={keepEditorFocus}
          onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)}
        >
          <Icon name="undo" />
        </Toolbar.Button>
        <Toolbar.Button
          className="toolbar-button"
          aria-label={t('editor.redo')}
          title={t('editor.shortcut', { action: t('editor.redo'), keys: shortcut(REDO_KEY) })}
          disabled={disabled || !canRedo}
          onMouseDown={keepEditorFocus}
          onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)}
        >
          <Icon name="redo" />
        </Toolbar.Button>
      </Toolbar.Root>
      {linkOpen && (
        <LinkDialog initialUrl={state.link ?? ''} onClose={() => setLinkOpen(false)} onApply={applyLink} />
      )}
    </>
  )
}
