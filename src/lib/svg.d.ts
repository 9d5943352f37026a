declare module '*.svg' {
  const value: string;
  export default value;
}

declare module 'plotly.js-cartesian-dist-min';
