/**
 * A recording stand-in for plotly.js in unit tests.
 */
export const calls: Array<{
  el: HTMLElement;
  data: any[];
  layout: any;
  config: any;
}> = [];

const Plotly = {
  react: (el: HTMLElement, data: any[], layout: any, config: any) => {
    calls.push({ el, data, layout, config });
    el.setAttribute('data-plotly-rendered', 'true');
    return Promise.resolve(el);
  },
  purge: (_el: HTMLElement) => undefined
};

export default Plotly;
