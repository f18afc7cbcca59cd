import { describe, expect, it } from 'vitest';
import type { EvalEnv } from './helm-eval.js';
import { renderTemplate } from './helm-render.js';
import { UNKNOWN } from './helm-values.js';

const values = {
  image: { repository: 'ghcr.io/acme/orders', tag: '' },
  service: { port: 8080, enabled: true },
  replicas: 0,
  big: 1000000,
  env: { USERS_URL: 'http://users:8080', LOG_LEVEL: 'info' },
  envList: [
    { name: 'A', value: '1' },
    { name: 'B', value: 'two words' },
  ],
  resources: { limits: { memory: '256Mi', cpu: '500m' } },
  empty: {},
  name: 'Orders',
};

function env(): EvalEnv {
  return {
    root: {
      Values: values,
      Chart: { Name: 'orders', Version: '0.1.0', AppVersion: '1.16.0' },
      Release: { Name: 'orders', Namespace: 'default' },
      Capabilities: UNKNOWN,
    },
    include: (name) => (name === 'orders.selectorLabels' ? 'app.kubernetes.io/name: orders\napp.kubernetes.io/instance: orders' : undefined),
  };
}

const render = (source: string) => renderTemplate(source, env());

describe('renderTemplate', () => {
  it('looks up values, applies the common functions and keeps lines', () => {
    const out = render(
      [
        'image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
        'a: {{ default "x" .Values.missing }}',
        'b: {{ .Values.name | upper }} {{ .Values.name | lower | squote }} {{ .Values.service.port | quote }}',
        'c: {{ printf "%s-%s:%d" .Release.Name .Chart.Name .Values.service.port }}',
        'd: {{ .Release.Namespace }} {{ $.Values.big }} {{ .Values.replicas }} {{ .Values.missing.deeper }}',
      ].join('\n'),
    );
    expect(out.text).toBe(
      [
        'image: "ghcr.io/acme/orders:1.16.0"',
        'a: x',
        `b: ORDERS 'orders' "8080"`,
        'c: orders-orders:8080',
        'd: default 1e+06 0 ',
      ].join('\n'),
    );
    expect(out.lines).toEqual([1, 2, 3, 4, 5]);
    expect(out.unrendered).toEqual([]);
  });

  it('trims white space at {{- and -}}, drops comments, and maps toYaml lines to the action', () => {
    const source = ['spec:', '  {{- /* a comment', '  over lines */}}', '  resources:', '    {{- toYaml .Values.resources | nindent 4 }}', '  x: {{- " y" -}}', '  ', '  z'].join('\n');
    const out = render(source);
    expect(out.text).toBe('spec:\n  resources:\n    limits:\n      cpu: 500m\n      memory: 256Mi\n  x: yz');
    expect(out.lines).toEqual([1, 4, 5, 5, 5, 6]);
  });

  it('indents with indent and nindent, and prints {} for an empty map', () => {
    expect(render('l:\n{{ include "orders.selectorLabels" . | indent 2 }}\ne: {{ toYaml .Values.empty }}').text).toBe(
      'l:\n  app.kubernetes.io/name: orders\n  app.kubernetes.io/instance: orders\ne: {}',
    );
  });

  it('evaluates if / else if / else, not, and with truthiness like Go templates', () => {
    const source = [
      '{{- if .Values.replicas }}r: yes{{ else if not .Values.service.enabled }}r: no{{ else }}r: else{{ end }}',
      '{{ with .Values.empty }}e: set{{ else }}e: empty{{ end }}',
      '{{ with .Values.service }}p: {{ .port }} {{ $.Chart.Name }}{{ end }}',
      '{{ if and .Values.service.enabled (eq .Values.service.port 8080) }}and: ok{{ end }}',
    ].join('\n');
    expect(render(source).text).toBe('r: else\ne: empty\np: 8080 orders\nand: ok');
  });

  it('ranges over maps (sorted keys), lists of maps, variables and else', () => {
    const source = [
      'env:',
      '{{- range $k, $v := .Values.env }}',
      '- name: {{ $k }}',
      '  value: {{ $v | quote }}',
      '{{- end }}',
      '{{- range .Values.envList }}',
      '- name: {{ .name }}',
      '  value: {{ .value | quote }}',
      '{{- end }}',
      '{{- range .Values.nothing }}',
      'never',
      '{{- else }}',
      '# no extra env',
      '{{- end }}',
      '{{- $port := .Values.service.port }}',
      'port: {{ $port }}',
    ].join('\n');
    const out = render(source);
    expect(out.text).toBe(
      [
        'env:',
        '- name: LOG_LEVEL',
        '  value: "info"',
        '- name: USERS_URL',
        '  value: "http://users:8080"',
        '- name: A',
        '  value: "1"',
        '- name: B',
        '  value: "two words"',
        '# no extra env',
        'port: 8080',
      ].join('\n'),
    );
    expect(out.lines).toEqual([1, 3, 4, 3, 4, 7, 8, 7, 8, 13, 16]);
  });

  it('renders what it cannot evaluate as nothing and lists it once, in order', () => {
    const source = [
      'a: {{ tpl .Values.name . }}',
      'b: {{ lookup "v1" "Secret" "default" "x" }}',
      'c: {{ tpl .Values.name . }}',
      '{{- if semverCompare ">=1.19" .Capabilities.KubeVersion.GitVersion }}',
      'd: kept',
      '{{- end }}',
      '{{- range .Files.Lines "x" }}',
      'e: skipped',
      '{{- end }}',
      'f: {{ .Files.Get "config.json" }}',
    ].join('\n');
    const out = render(source);
    expect(out.text).toBe('a: \nb: \nc: \nd: kept\nf: ');
    expect(out.unrendered).toEqual([
      { expression: '{{ tpl .Values.name . }}', line: 1 },
      { expression: '{{ lookup "v1" "Secret" "default" "x" }}', line: 2 },
      { expression: '{{ if semverCompare ">=1.19" .Capabilities.KubeVersion.GitVersion }}', line: 4 },
      { expression: '{{ range .Files.Lines "x" }}', line: 7 },
      { expression: '{{ .Files.Get "config.json" }}', line: 10 },
    ]);
    expect(out.keptBranch).toBe(true);
    expect(out.skippedRange).toBe(true);
  });

  it('reports unbalanced blocks, unknown syntax and unclosed actions without throwing', () => {
    const out = render('a: 1\n{{ end }}\n{{ break }}\n{{ if .Values.name }}\nb: {{ .Values.name }}\nc: {{ "open');
    expect(out.unrendered).toEqual([
      { expression: '{{ end }} (end without a matching block)', line: 2 },
      { expression: '{{ break }}', line: 3 },
      { expression: '{{ if .Values.name }} (block without end)', line: 4 },
      { expression: '{{ "open }} (not closed)', line: 6 },
    ]);
    expect(out.text).toBe('a: 1\n\n\n\nb: Orders\nc: ');
  });

  it('keeps `}}` inside strings and ignores defines', () => {
    expect(render('{{ define "x" }}hidden{{ end }}a: {{ "}}" }}').text).toBe('a: }}');
  });

  it('stops at the output and iteration limits', () => {
    const big = renderTemplate('{{ range .Values.envList }}{{ toYaml $.Values.resources }}{{ end }}', env(), { maxOutput: 60, maxIterations: 100 });
    expect(big.truncated).toBe(true);
    expect(big.text.length).toBeLessThanOrEqual(60);
    const loops = renderTemplate('{{ range 50 }}{{ range $.Values.envList }}x{{ end }}{{ end }}', env(), { maxOutput: 1000, maxIterations: 20 });
    expect(loops.text).toBe('x'.repeat(13));
    expect(loops.unrendered).toEqual([{ expression: '{{ range $.Values.envList }} (stopped after 20 iterations, limits.maxTemplateIterations)', line: 1 }]);
  });

  it('never throws on garbage', () => {
    const garbage = ['{{', '}}', '{{-', '-}}', '{{ ( }}', '{{ $ := }}', '{{ else }}', '{{ .a.b.c | | }}', '{{/* x', '{{ `raw', '\u0000\uffff'];
    for (let i = 0; i < 200; i++) {
      let source = '';
      for (let j = 0; j < 12; j++) source += garbage[(i * 7 + j * 13) % garbage.length] + (j % 3 ? ' ' : '\n');
      expect(() => render(source)).not.toThrow();
    }
  });
});
