import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $getNodeByKey, type NodeKey } from 'lexical'
import { FootnoteDialog } from '../FootnoteDialog'
import { $isFootnoteNode } from './FootnoteNode'

export function FootnoteMarker({ nodeKey, text }: { nodeKey: NodeKey; text: string }): JSX.Element {
  const { t } = useTranslation()
  const [editor] = useLexicalComposerContext()
  const [editing, setEditing] = useState(false)
  return (
    <>
      <button
        type="button"
        className="rt-footnote-marker"
        aria-label={t('richtext.footnote.marker', { text })}
        title={text}
        onClick={() => editor.isEditable() && setEditing(true)}
      />
      {editing && (
        <FootnoteDialog
          initialText={text}
          onClose={() => setEditing(false)}
          onApply={(next) =>
            editor.update(() => {
              const node = $getNodeByKey(nodeKey)
              if (!$isFootnoteNode(node)) return
              if (next === '') node.remove()
              else node.setText(next)
            })
          }
        />
      )}
    </>
  )
}
