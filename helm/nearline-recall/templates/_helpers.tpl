{{- define "nearline-recall.name" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "nearline-recall.labels" -}}
app.kubernetes.io/part-of: nearline-recall
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "nearline-recall.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- include "nearline-recall.name" . }}-credentials
{{- end -}}
{{- end -}}

{{- define "nearline-recall.credentialsEnv" -}}
- name: KAFKA_USERNAME
  valueFrom: { secretKeyRef: { name: {{ include "nearline-recall.secretName" . }}, key: kafka-username } }
- name: KAFKA_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ include "nearline-recall.secretName" . }}, key: kafka-password } }
- name: REDIS_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ include "nearline-recall.secretName" . }}, key: redis-password } }
- name: TRITON_TOKEN
  valueFrom: { secretKeyRef: { name: {{ include "nearline-recall.secretName" . }}, key: triton-token } }
{{- end -}}
