// Under the dev server, Fast Refresh's preamble would otherwise be an inline script, which our CSP forbids.
import '@vitejs/plugin-react/preamble'
import './zod-setup'
import './styles/tokens.css'
import './styles/app.css'
import './styles/editor.css'
import './styles/templates.css'
import './styles/outline.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { initI18n } from './i18n/i18n'

initI18n()

const container = document.getElementById('root')
if (!container) throw new Error('The page has no #root element.')
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
