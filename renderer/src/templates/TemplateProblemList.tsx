import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { TemplateProblem } from '../api/types'
import { fileName } from './template-names'

/**
 * Problems grouped by file, each as "where in the file" and "why". The reasons are the template engine's own
 * English sentences, written for template authors, so they are marked as English for screen readers.
 */
export function TemplateProblemList({ problems }: { problems: readonly TemplateProblem[] }): JSX.Element {
  const { t } = useTranslation()
  const files = new Map<string, TemplateProblem[]>()
  for (const problem of problems) files.set(problem.file, [...(files.get(problem.file) ?? []), problem])

  return (
    <div className="problem-files">
      {[...files].map(([file, found]) => (
        <section key={file} className="problem-file" aria-label={fileName(file)}>
          <p className="problem-file-name">{fileName(file)}</p>
          {fileName(file) !== file && <p className="problem-file-path">{file}</p>}
          <ul className="problem-list">
            {found.map((problem, index) => (
              <li key={index} className="problem">
                <span className="problem-where">
                  {problem.path === '' ? t('templates.problems.wholeFile') : <code>{problem.path}</code>}
                </span>
                <span className="problem-reason" lang="en">
                  {problem.message}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
