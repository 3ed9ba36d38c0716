{{/* Chart name, or nameOverride. */}}
{{- define "netctx.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object name: fullnameOverride, or the release name with the chart name (once). */}}
{{- define "netctx.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "netctx.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "netctx.labels" -}}
helm.sh/chart: {{ include "netctx.chart" . }}
{{ include "netctx.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the pods. */}}
{{- define "netctx.selectorLabels" -}}
app.kubernetes.io/name: {{ include "netctx.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* ServiceAccount of the pods. */}}
{{- define "netctx.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "netctx.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The application.yml of the ConfigMap: every listener and both HTTP ports bound to 0.0.0.0 (every
interface of the pod; the application's default is loopback), the health probe groups on, who may
read and the host names answered (the Service's own DNS names and security.allowedHosts), then the
config value merged over it.
*/}}
{{- define "netctx.applicationYaml" -}}
{{- $listeners := dict }}
{{- range $name, $listener := .Values.listeners }}
{{- if has $name (list "http" "management") }}
{{- fail (printf "listeners.%s: the name '%s' is taken by an HTTP port; choose another listener name" $name $name) }}
{{- end }}
{{- $_ := set $listeners $name (mustMergeOverwrite (dict "bind-address" "0.0.0.0") (deepCopy $listener)) }}
{{- end }}
{{- $fullname := include "netctx.fullname" . }}
{{- $namespace := .Release.Namespace }}
{{- $hosts := list $fullname (printf "%s.%s" $fullname $namespace) (printf "%s.%s.svc" $fullname $namespace) (printf "%s.%s.svc.cluster.local" $fullname $namespace) }}
{{- $security := dict "read-access" .Values.security.readAccess "allowed-hosts" (concat $hosts .Values.security.allowedHosts) }}
{{- $management := dict "server" (dict "address" "0.0.0.0") "endpoint" (dict "health" (dict "probes" (dict "enabled" true))) }}
{{- $base := dict "server" (dict "address" "0.0.0.0") "management" $management "netctx" (dict "listeners" $listeners "security" $security) }}
{{- toYaml (mustMergeOverwrite $base (deepCopy .Values.config)) }}
{{- end }}
