import { defineAsyncComponent, type App } from 'vue';
import DefaultTheme from 'vitepress/theme';
import ResultsView from './components/ResultsView.vue';
import './style.css';

/**
 * The default theme plus the live demos. Demos load lazily, so a page without one never downloads
 * the packages, vega or Pyodide glue; use them in any page as `<XposDemo />`, `<BcaDemo />`,
 * `<TraceDemo />`, `<DualFormDemo />`, `<RetrievalDemo />` (inside `<ClientOnly>`).
 */
export default {
  extends: DefaultTheme,
  enhanceApp({ app }: { app: App }) {
    app.component('ResultsView', ResultsView);
    app.component('XposDemo', defineAsyncComponent(() => import('./components/XposDemo.vue')));
    app.component('BcaDemo', defineAsyncComponent(() => import('./components/BcaDemo.vue')));
    app.component('TraceDemo', defineAsyncComponent(() => import('./components/TraceDemo.vue')));
    app.component('DualFormDemo', defineAsyncComponent(() => import('./components/DualFormDemo.vue')));
    app.component('RetrievalDemo', defineAsyncComponent(() => import('./components/RetrievalDemo.vue')));
  },
};
