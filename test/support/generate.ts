// Generates large, realistic manifests for benchmarks and robustness tests: each pod is a
// server plus a client that connects to the previous pod by name (54 lines a pod), then the
// ConfigMap their volumes read (podman fails a play whose ConfigMap is missing).
export function generateManifest(pods: number): string {
  const out: string[] = [];
  for (let i = 0; i < pods; i++) {
    const name = `app${i}`;
    const peer = `app${i === 0 ? pods - 1 : i - 1}`;
    out.push(`---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: ${name}
    tier: backend
  annotations:
    description: server and client ${i}
    owner: bench
spec:
  hostname: ${name}-host
  containers:
    - name: server
      image: docker.io/valkey/valkey:8
      ports:
        - containerPort: 6379
          protocol: TCP
      env:
        - name: MODE
          value: primary
        - name: INDEX
          value: "${i}"
      volumeMounts:
        - name: data
          mountPath: /data
        - name: conf
          mountPath: /etc/valkey
          readOnly: true
    - name: client
      image: docker.io/valkey/valkey:8
      command:
        - bash
        - -c
        - |
          while true; do
            valkey-cli -h localhost -p 6379 INCR counter
            valkey-cli -h ${peer} -p 6379 INCR remote
            sleep 5
          done
      env:
        - name: PEER_HOST
          value: ${peer}
        - name: PEER_URL
          value: redis://${peer}:6379/0
  volumes:
    - name: data
      hostPath:
        path: /srv/${name}
        type: DirectoryOrCreate
    - name: conf
      configMap:
        name: settings`);
  }
  out.push('---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  valkey.conf: |\n    maxmemory 64mb');
  return out.join('\n') + '\n';
}
