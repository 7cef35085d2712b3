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
{{- (include "paralarva.config" . | fromYaml).proxy.listen.port | int }}
{{- end }}

{{- define "paralarva.monitoringPort" -}}
{{- .Values.monitoring.port | int }}
{{- end }}

{{- define "paralarva.configChecksum" -}}
{{- include "paralarva.config" . | sha256sum }}
{{- end }}

{{/*
The monitoring Service's name: the full name cut so that "<fullname>-monitoring" stays within 63 characters.
*/}}
{{- define "paralarva.monitoringName" -}}
{{- printf "%s-monitoring" (include "paralarva.fullname" . | trunc 52 | trimSuffix "-") }}
{{- end }}

{{/*
The image reference: repository@digest when image.digest is set (the tag is then only a label), else
repository:tag.
*/}}
{{- define "paralarva.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (include "paralarva.imageTag" .) }}
{{- end }}
{{- end }}

{{/*
Seconds in a proxy duration, rounded up: a number of seconds, or a string such as 250ms, 5s, 2m, 1h
(the proxy's DurationReader). Called with the value; an absent value is the caller's default.
*/}}
{{- define "paralarva.durationSeconds" -}}
{{- $text := toString . -}}
{{- $number := regexFind "^[0-9]+(\\.[0-9]+)?" $text -}}
{{- $unit := trimPrefix $number $text -}}
{{- $scale := dict "" 1.0 "s" 1.0 "ms" 0.001 "m" 60.0 "h" 3600.0 -}}
{{- if or (not $number) (not (hasKey $scale $unit)) -}}
{{- fail (printf "config.proxy.shutdown: %q is not a duration such as 5s, 250ms or 2m" $text) -}}
{{- end -}}
{{- mulf (float64 $number) (get $scale $unit) | ceil | int -}}
{{- end }}

{{/*
The proxy's whole shutdown in seconds: shutdown.grace_period (5 s) + shutdown.drain_timeout (30 s).
*/}}
{{- define "paralarva.shutdownSeconds" -}}
{{- $shutdown := (include "paralarva.config" . | fromYaml).proxy.shutdown | default dict -}}
{{- $grace := include "paralarva.durationSeconds" (hasKey $shutdown "grace_period" | ternary $shutdown.grace_period "5s") | int -}}
{{- $drain := include "paralarva.durationSeconds" (hasKey $shutdown "drain_timeout" | ternary $shutdown.drain_timeout "30s") | int -}}
{{- add $grace $drain -}}
{{- end }}

{{/*
terminationGracePeriodSeconds: as set, which must exceed the shutdown plus any preStop sleep; unset (null),
the shutdown plus the preStop sleep plus 10 s, so the proxy exits by itself before the kubelet kills it.
*/}}
{{- define "paralarva.terminationGracePeriodSeconds" -}}
{{- $needed := include "paralarva.shutdownSeconds" . | int -}}
{{- $preStopSleep := 0 -}}
{{- with .Values.lifecycle -}}{{- with .preStop -}}{{- with .sleep -}}{{- $preStopSleep = .seconds | int -}}{{- end -}}{{- end -}}{{- end -}}
{{- $needed = add $needed $preStopSleep -}}
{{- if kindIs "invalid" .Values.terminationGracePeriodSeconds -}}
{{- add $needed 10 -}}
{{- else if le (.Values.terminationGracePeriodSeconds | int) $needed -}}
{{- fail (printf "terminationGracePeriodSeconds %d must exceed the proxy's shutdown (config.proxy.shutdown grace_period + drain_timeout%s = %d s); leave it null to derive it" (.Values.terminationGracePeriodSeconds | int) (ternary " + preStop sleep" "" (gt $preStopSleep 0)) $needed) -}}
{{- else -}}
{{- .Values.terminationGracePeriodSeconds | int -}}
{{- end -}}
{{- end }}

{{/*
The replicas a PodDisruptionBudget must leave room with: the HPA's minimum, else replicaCount.
*/}}
{{- define "paralarva.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.minReplicas | int }}{{ else }}{{ .Values.replicaCount | int }}{{ end -}}
{{- end }}

{{/*
The proxy configuration as YAML: configFile (a whole config.yaml given with --set-file configFile=<path>,
as build_and_deploy_chart.sh does) when set, else config. A configFile that is not YAML or has no proxy
section fails the render.
*/}}
{{- define "paralarva.config" -}}
{{- if .Values.configFile }}
{{- $parsed := fromYaml .Values.configFile }}
{{- if hasKey $parsed "Error" }}
{{- fail (printf "configFile is not a YAML mapping: %s" $parsed.Error) }}
{{- end }}
{{- if not (kindIs "map" $parsed.proxy) }}
{{- fail "configFile has no 'proxy' section" }}
{{- end }}
{{- toYaml $parsed }}
{{- else }}
{{- toYaml .Values.config }}
{{- end }}
{{- end }}
