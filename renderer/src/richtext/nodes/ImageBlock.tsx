import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $getNodeByKey, type NodeKey } from 'lexical'
import { LIMITS } from '../../../../core/model/rich-text-nodes'
import { FormDialog, TextField } from '../../ui/FormDialog'
import { Icon } from '../../ui/Icon'
import { useAssetUrl, useRichTextProject } from '../assets'
import { $isImageNode, type ImageAttributes } from './ImageNode'

export function ImageBlock({
  nodeKey,
  attributes,
}: {
  nodeKey: NodeKey
  attributes: ImageAttributes
}): JSX.Element {
  const { t } = useTranslation()
  const [editor] = useLexicalComposerContext()
  const image = useAssetUrl(useRichTextProject(), attributes.assetId)
  const [editing, setEditing] = useState(false)
  const editable = editor.isEditable()

  const remove = () =>
    editor.update(() => {
      const node = $getNodeByKey(nodeKey)
      if ($isImageNode(node)) node.remove()
    })

  return (
    <figure className="rt-figure" data-asset-id={attributes.assetId}>
      {image.kind === 'ready' ? (
        <img className="rt-figure-image" src={image.url} alt={attributes.alt} draggable={false} />
      ) : (
        <div className="rt-figure-missing" role="img" aria-label={attributes.alt}>
          <Icon name="image" />
          {image.kind === 'failed' ? t('richtext.image.missing') : t('richtext.image.loading')}
        </div>
      )}
      {(attributes.caption !== '' || attributes.credit !== '') && (
        <figcaption className="rt-figure-caption">
          {attributes.caption}
          {attributes.credit !== '' && <span className="rt-figure-credit"> {attributes.credit}</span>}
        </figcaption>
      )}
      {editable && (
        <div className="rt-figure-actions">
          <button type="button" className="button button-small" onClick={() => setEditing(true)}>
            {t('richtext.image.edit')}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={remove}>
            {t('richtext.image.remove')}
          </button>
        </div>
      )}
      {editing && (
        <ImageWordsDialog
          attributes={attributes}
          onClose={() => setEditing(false)}
          onApply={(words) =>
            editor.update(() => {
              const node = $getNodeByKey(nodeKey)
              if ($isImageNode(node)) node.setWords(words)
            })
          }
        />
      )}
    </figure>
  )
}

type Words = Pick<ImageAttributes, 'alt' | 'caption' | 'credit'>

export function ImageWordsDialog({
  attributes,
  onClose,
  onApply,
}: {
  attributes: Words
  onClose: () => void
  onApply: (words: Words) => void
}): JSX.Element {
  const { t } = useTranslation()
  const [words, setWords] = useState<Words>({
    alt: attributes.alt,
    caption: attributes.caption,
    credit: attributes.credit,
  })
  return (
    <FormDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t('richtext.image.dialogTitle')}
      description={t('richtext.image.dialogDescription')}
      submitLabel={t('richtext.image.apply')}
      onSubmit={async () => {
        onApply({ alt: words.alt.trim(), caption: words.caption.trim(), credit: words.credit.trim() })
        onClose()
      }}
    >
      <TextField
        label={t('richtext.image.alt')}
        hint={t('richtext.image.altHint')}
        value={words.alt}
        onChange={(alt) => setWords({ ...words, alt })}
        maxLength={LIMITS.alt}
        required
      />
      <TextField
        label={t('richtext.image.caption')}
        value={words.caption}
        onChange={(caption) => setWords({ ...words, caption })}
        maxLength={LIMITS.caption}
      />
      <TextField
        label={t('richtext.image.credit')}
        value={words.credit}
        onChange={(credit) => setWords({ ...words, credit })}
        maxLength={LIMITS.credit}
      />
    </FormDialog>
  )
}
