import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles/base.css';
import './styles/panels.css';
import './styles/nodes.css';
import './styles/detail.css';
import './styles/forms.css';
import './styles/pages.css';
import './styles/leases.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
