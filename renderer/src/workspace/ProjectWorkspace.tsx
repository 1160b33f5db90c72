import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentComment, SearchHit } from '../../../core/api/contract'
import { PLAIN_TEMPLATE } from '../../../core/model/document'
import { isPartnerLanguage } from '../../../core/model/languages'
import { checkCompleteness, type Completeness } from '../../../core/templates/completeness'
import { localise } from '../../../core/templates/localise'
import { asApiError, call, invoke } from '../api/client'
import { useNavigation } from '../app/navigation'
import { DocumentScreen, type OpenDocument } from '../document/DocumentScreen'
import { warmUpRichTextOnce } from '../richtext/warm-up'
import { Icon } from '../ui/Icon'
import { useToasts } from '../ui/Toasts'
import { useLoader } from '../ui/use-loader'
import { CommentsPanel } from './CommentsPanel'
import { DocumentsNav } from './DocumentsNav'
import {
  fieldAnchorId,
  FieldFocusContext,
  fieldPathOfAnchor,
  revealElement,
  revealField,
  type FieldFocus,
  type FieldPath,
  type FocusedField,
} from './field-anchors'
import { fieldAt, fieldLabels } from './field-labels'
import { FindBar } from './FindBar'
import { FindPanel } from './FindPanel'
import { GuidancePanel, type GuidanceSubject } from './GuidancePanel'
import { OutlineNav } from './OutlineNav'
import '../styles/workspace.css'
import { clearMatches, findOnPage, revealMatch, showMatches } from './text-find'

/** After the caret leaves a field, the autosave has written it by then; the outline is checked again. */
const RECHECK_DELAY_MS = 1200
/** Below this width the guidance panel starts closed, so the page keeps a comfortable measure. */
const WIDE_LAYOUT = '(min-width: 1200px)'

interface ProjectWorkspaceProps {
  projectId: string
  documentId: string
  /** Bumped by the app when the menu's Find command arrives. */
  findRequest: number
}

type Panel = 'documents' | 'outline' | 'comments'

/**
 * The writing workspace of one project: the documents and find on the left, the open document in the middle,
 * the current field's guidance on the right. It stays mounted while the user moves between documents of the
 * project, so the list, the find results and the panels keep their state.
 */
export function ProjectWorkspace({ projectId, documentId, findRequest }: ProjectWorkspaceProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const { navigate, settle } = useNavigation()
  const { notifyError } = useToasts()

  const fetchProject = useCallback(() => call('projects:get', { projectId }), [projectId])
  const { data: view } = useLoader(fetchProject)
  const fetchTemplates = useCallback(() => call('templates:list', {}), [])
  const { data: templateList } = useLoader(fetchTemplates)
  const fetchCheck = useCallback(() => call('projects:check', { projectId }), [projectId])
  const { data: check } = useLoader(fetchCheck)
  const checks = useMemo(() => new Map(check?.documents.map((entry) => [entry.documentId, entry])), [check])

  // The first long document opened finds Lexical's code compiled (richtext/warm-up.ts).
  useEffect(warmUpRichTextOnce, [])

  const [open, setOpen] = useState<OpenDocument | null>(null)
  const current = open?.stored.document.id === documentId ? open : null
  const [comments, setComments] = useState<{ documentId: string; list: DocumentComment[] } | null>(null)
  const openComments =
    comments?.documentId === documentId ? comments.list : (current?.stored.document.comments ?? [])
  const [completeness, setCompleteness] = useState<{ documentId: string; value: Completeness } | null>(null)

  // The field the caret is in. A free-text document's body has a path but no template field.
  const [focused, setFocused] = useState<{ path: FieldPath; field?: FocusedField['field'] } | null>(null)
  const focusedRef = useRef<FocusedField | null>(null)
  const focus = useMemo<FieldFocus>(
    () => ({
      get focused() {
        return focusedRef.current
      },
      report: (next) => {
        if (focusedRef.current?.path === next.path) return
        focusedRef.current = next
        setFocused(next)
      },
    }),
    [],
  )

  const [wide] = useState(() => window.matchMedia(WIDE_LAYOUT).matches)
  const [sidebarOpen, setSidebarOpen] = useState(true)
  const [guideOpen, setGuideOpen] = useState(wide)
  const [panels, setPanels] = useState<Record<Panel, boolean>>({
    documents: true,
    outline: true,
    comments: true,
  })
  const [query, setQuery] = useState('')
  const [findBar, setFindBar] = useState<{ request: number } | null>(null)
  const pendingHit = useRef<SearchHit | null>(null)
  const main = useRef<HTMLDivElement>(null)
  const findScope = useCallback(() => main.current?.querySelector('.screen-document') ?? null, [])

  const onOpened = useCallback((next: OpenDocument) => {
    setOpen(next)
    focusedRef.current = null
    setFocused(null)
  }, [])

  // The spellchecker follows the document's language; a language it has no dictionary for is not checked.
  const language = current?.stored.document.language
  useEffect(() => {
    if (!language) return
    void invoke('spellcheck:set-languages', { languages: isPartnerLanguage(language) ? [language] : [] })
  }, [language])

  const details = current?.details ?? null
  const template = details?.template

  // The outline's marks come from the document as saved: checked on opening and again after the caret moves on.
  useEffect(() => {
    if (!current || !details) return
    const id = current.stored.document.id
    const run = (fields: Parameters<typeof checkCompleteness>[1]) =>
      setCompleteness({
        documentId: id,
        value: checkCompleteness(details.template, fields, {
          vocabularies: new Map(details.vocabularies.map((vocabulary) => [vocabulary.id, vocabulary])),
        }),
      })
    if (focused === null) {
      run(current.stored.document.fields)
      return
    }
    const timer = window.setTimeout(() => {
      call('documents:get', { projectId, documentId: id }).then(
        (stored) => run(stored.document.fields),
        () => undefined,
      )
    }, RECHECK_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [current, details, focused, projectId])
  const openCompleteness = completeness?.documentId === documentId ? completeness.value : null

  // Editors report the field they are in; the page's own field wrappers say it too, which also covers editors
  // that do not report (the free-text body) and keeps the guidance right whichever way focus arrived.
  const onFocusIn = useCallback(
    (event: FocusEvent<HTMLDivElement>) => {
      const target = event.target
      // The nearest wrapper that names a field of the template: an editor's own parts have ids of the same
      // shape (`field-<path>-input`), which name none.
      for (let element: Element | null = target; element; element = element.parentElement) {
        const path = fieldPathOfAnchor(element.id)
        const field = path ? fieldAt(template, path) : undefined
        if (path && field) {
          focus.report({ path, field })
          return
        }
      }
      if (!template && target.closest('[contenteditable="true"]')) {
        focusedRef.current = null
        setFocused((previous) =>
          previous?.path === PLAIN_TEMPLATE.bodyField ? previous : { path: PLAIN_TEMPLATE.bodyField },
        )
      }
    },
    [focus, template],
  )

  const revealHit = useCallback((hit: SearchHit): boolean => {
    if (hit.kind === 'title') {
      const header = document.querySelector('.document-header')
      const matches = header ? findOnPage(header, hitText(hit)) : []
      const match = matches[Math.min(hit.occurrence, matches.length - 1)]
      if (match) revealMatch(match, { focusInput: true })
      return header !== null
    }
    const path = hit.fieldPath ?? ''
    const element = fieldElement(path)
    if (!element) return false
    revealElement(element)
    if (hit.kind === 'text') {
      const matches = findOnPage(element, hitText(hit))
      const match = matches[Math.min(hit.occurrence, matches.length - 1)]
      if (match) {
        showMatches([match], match)
        revealMatch(match, { focusInput: true })
      }
    }
    return true
  }, [])

  // A result in another document is revealed once that document's fields are on the page.
  useEffect(() => {
    const hit = pendingHit.current
    if (!hit || !current || hit.documentId !== current.stored.document.id || !main.current) return
    if (revealHit(hit)) {
      pendingHit.current = null
      return
    }
    const observer = new MutationObserver(() => {
      if (revealHit(hit)) {
        pendingHit.current = null
        observer.disconnect()
      }
    })
    observer.observe(main.current, { childList: true, subtree: true })
    return () => observer.disconnect()
  }, [current, revealHit])

  const openHit = useCallback(
    (hit: SearchHit) => {
      clearMatches()
      if (hit.documentId === documentId) {
        revealHit(hit)
        return
      }
      pendingHit.current = hit
      navigate({ screen: 'document', projectId, documentId: hit.documentId })
    },
    [documentId, navigate, projectId, revealHit],
  )

  // Ctrl+F (Cmd+F) finds in the open document; the menu's Find arrives as `findRequest`.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault()
        setFindBar((previous) => ({ request: (previous?.request ?? 0) + 1 }))
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  const [seenFindRequest, setSeenFindRequest] = useState(findRequest)
  if (findRequest !== seenFindRequest) {
    setSeenFindRequest(findRequest)
    setFindBar((previous) => ({ request: (previous?.request ?? 0) + 1 }))
  }

  const closeFindBar = () => {
    setFindBar(null)
    clearMatches()
    main.current?.querySelector<HTMLElement>('[contenteditable="true"], textarea, input')?.focus()
  }

  const changeComments = async (change: () => Promise<{ comments: DocumentComment[]; revision: string }>) => {
    if (!current) return false
    // What was typed is saved first, so the comment's write is not mistaken for someone else's change.
    if (!(await settle())) return false
    try {
      const update = await change()
      setComments({ documentId: current.stored.document.id, list: update.comments })
      current.adoptRevision(update.revision)
      return true
    } catch (error) {
      notifyError(t('workspace.comments.failed'), asApiError(error))
      return false
    }
  }

  const addComment = (text: string) => {
    const path = focused?.path
    if (!path || !current) return Promise.resolve(false)
    const ref = { projectId, documentId: current.stored.document.id }
    return changeComments(() => call('comments:add', { ...ref, fieldPath: path, text }))
  }

  const resolveComment = (comment: DocumentComment, resolved: boolean) => {
    if (!current) return
    const ref = { projectId, documentId: current.stored.document.id }
    void changeComments(() => call('comments:resolve', { ...ref, commentId: comment.id, resolved }))
  }

  const labelOf = useCallback(
    (path: FieldPath) => fieldLabels(template, path, language ?? i18n.language).join(' › ') || path,
    [template, language, i18n.language],
  )

  const subject: GuidanceSubject | null = focused
    ? {
        path: focused.path,
        name: focused.field ? labelOf(focused.path) : t('document.bodyLabel'),
        ...(focused.field
          ? {
              guidance: localise(focused.field.guidance, language ?? i18n.language),
              ...(focused.field.example
                ? { example: localise(focused.field.example, language ?? i18n.language) }
                : {}),
            }
          : {}),
      }
    : null

  const toggle = (panel: Panel) => setPanels((previous) => ({ ...previous, [panel]: !previous[panel] }))
  const openCount = openComments.filter((comment) => !comment.resolved).length

  return (
    <FieldFocusContext.Provider value={focus}>
      <div
        className="workspace"
        data-sidebar={sidebarOpen ? 'open' : 'closed'}
        data-guide={guideOpen ? 'open' : 'closed'}
      >
        <div className="ws-toolbar">
          <button
            type="button"
            className="button button-quiet button-small"
            aria-expanded={sidebarOpen}
            aria-controls="ws-sidebar"
            onClick={() => setSidebarOpen((value) => !value)}
          >
            {sidebarOpen ? t('workspace.hideSidebar') : t('workspace.showSidebar')}
          </button>
          <button
            type="button"
            className="button button-quiet button-small"
            aria-expanded={guideOpen}
            aria-controls="ws-guide"
            onClick={() => setGuideOpen((value) => !value)}
          >
            {guideOpen ? t('workspace.hideGuidance') : t('workspace.showGuidance')}
          </button>
        </div>

        <nav
          id="ws-sidebar"
          className="ws-sidebar"
          aria-label={t('workspace.sidebarLabel')}
          hidden={!sidebarOpen}
        >
          <FindPanel
            projectId={projectId}
            query={query}
            onQueryChange={setQuery}
            onOpen={openHit}
            settle={settle}
          />
          <SidebarSection
            id="documents"
            title={t('workspace.documents.heading')}
            open={panels.documents}
            onToggle={() => toggle('documents')}
          >
            {view ? (
              <DocumentsNav
                projectId={projectId}
                documents={view.documents}
                templates={templateList?.templates ?? null}
                checks={checks}
                openDocumentId={documentId}
                openPercent={openCompleteness?.document.percent}
              />
            ) : (
              <p className="ws-hint">{t('workspace.loading')}</p>
            )}
          </SidebarSection>
          <SidebarSection
            id="outline"
            title={t('workspace.outline.heading')}
            open={panels.outline}
            onToggle={() => toggle('outline')}
          >
            {template ? (
              <OutlineNav
                template={template}
                completeness={openCompleteness}
                language={language ?? i18n.language}
              />
            ) : (
              <p className="ws-hint">
                {current?.stored.document.templateId === PLAIN_TEMPLATE.id
                  ? t('workspace.outline.freeText')
                  : t('workspace.loading')}
              </p>
            )}
          </SidebarSection>
          <SidebarSection
            id="comments"
            title={t('workspace.comments.heading', { count: openCount })}
            open={panels.comments}
            onToggle={() => toggle('comments')}
          >
            <CommentsPanel
              comments={openComments}
              labelOf={labelOf}
              readOnly={current?.readOnly ?? true}
              onReveal={(path) => revealField(path)}
              onResolve={resolveComment}
            />
          </SidebarSection>
        </nav>

        <div className="ws-main" ref={main} onFocus={onFocusIn}>
          {findBar && <FindBar scope={findScope} request={findBar.request} onClose={closeFindBar} />}
          <DocumentScreen
            key={documentId}
            projectId={projectId}
            documentId={documentId}
            onOpened={onOpened}
          />
        </div>

        <aside
          id="ws-guide"
          className="ws-guide"
          aria-label={t('workspace.guidance.heading')}
          hidden={!guideOpen}
        >
          <p className="ws-panel-title" aria-hidden="true">
            {t('workspace.guidance.heading')}
          </p>
          <GuidancePanel subject={subject} readOnly={current?.readOnly ?? true} onComment={addComment} />
        </aside>
      </div>
    </FieldFocusContext.Provider>
  )
}

function SidebarSection({
  id,
  title,
  open,
  onToggle,
  children,
}: {
  id: string
  title: string
  open: boolean
  onToggle: () => void
  children: JSX.Element
}): JSX.Element {
  return (
    <div className="ws-section" role="group" aria-labelledby={`ws-section-${id}`}>
      <div className="ws-section-heading">
        <button
          type="button"
          id={`ws-section-${id}`}
          className="ws-section-toggle"
          aria-expanded={open}
          aria-controls={`ws-section-body-${id}`}
          onClick={onToggle}
        >
          <Icon name="chevron" className="ws-section-chevron" />
          {title}
        </button>
      </div>
      <div id={`ws-section-body-${id}`} className="ws-section-body" hidden={!open}>
        {children}
      </div>
    </div>
  )
}

/** The text a hit matched, as written in its snippet. */
function hitText(hit: SearchHit): string {
  return hit.snippet.slice(hit.match.start, hit.match.end)
}

/**
 * The element holding a field's editor. A free-text document's body has no field wrapper of its own (it is the
 * document's one rich-text editor), so the element around that editor stands in for it.
 */
function fieldElement(path: FieldPath): HTMLElement | null {
  return (
    document.getElementById(fieldAnchorId(path)) ??
    (path === PLAIN_TEMPLATE.bodyField
      ? (document.querySelector('.screen-document [contenteditable="true"]')?.parentElement ?? null)
      : null)
  )
}
