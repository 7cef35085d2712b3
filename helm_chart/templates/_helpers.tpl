{{/*
Names. The chart name, overridable; names are cut to 63 characters, the DNS label limit.
*/}}
{{- define "paralarva.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's full name: the release name alone when it already contains the chart name
("paralarva", "paralarva-prod"), "<release>-<chart>" otherwise.
*/}}
{{- define "paralarva.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "paralarva.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "paralarva.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The labels every object carries (app.kubernetes.io/*, the recommended set).
*/}}
{{- define "paralarva.labels" -}}
helm.sh/chart: {{ include "paralarva.chart" . }}
{{ include "paralarva.selectorLabels" . }}
app.kubernetes.io/version: {{ include "paralarva.imageTag" . | quote }}
app.kubernetes.io/part-of: paralarva
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The labels that select the release's pods; never change them in an upgrade (selectors are immutable).
*/}}
{{- define "paralarva.selectorLabels" -}}
app.kubernetes.io/name: {{ include "paralarva.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "paralarva.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "paralarva.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "paralarva.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/*
Ports. The proxy's container port is the configuration's listen port (the proxy binds what its
configuration says); the monitoring port is monitoring.port, passed as -p. Each Service's port
defaults to the container port it targets.
*/}}
{{- define "paralarva.proxyPort" -}}
{{- .Values.config.proxy.listen.port | int }}
{{- end }}

{{- define "paralarva.monitoringPort" -}}
{{- .Values.monitoring.port | int }}
{{- end }}

{{- define "paralarva.configChecksum" -}}
{{- toYaml .Values.config | sha256sum }}
{{- end }}
