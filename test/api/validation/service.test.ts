/** Service, Endpoints and EndpointSlice validation. */
import { describe, expect, it } from 'vitest';
import { clone, errorsOf, messageOf, service, stored } from './fixtures.js';

describe('Service', () => {
  it('requires ports unless headless or ExternalName', () => {
    const s = service();
    s.spec.ports = [];
    expect(messageOf(s)).toBe('Service "web" is invalid: spec.ports: Required value');
    s.spec.clusterIP = 'None';
    expect(errorsOf(s)).toEqual([]);
  });

  it('requires port names when there are several, unique and DNS labels', () => {
    const s = service();
    s.spec.ports = [{ port: 80 }, { name: 'http', port: 443 }, { name: 'http', port: 8443 }, { name: 'Metrics', port: 9090 }];
    expect(errorsOf(s)).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[2].name: Duplicate value: "http"',
      "spec.ports[3].name: Invalid value: \"Metrics\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('checks port ranges, protocols and target ports', () => {
    const s = service();
    s.spec.ports = [{ port: 0, protocol: 'HTTP', targetPort: 'web_port' }];
    expect(errorsOf(s)).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ports[0].targetPort: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it('refuses duplicate port/protocol pairs', () => {
    const s = service();
    s.spec.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80 }];
    expect(errorsOf(s)).toEqual(['spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}']);
  });

  it('checks the type, and nodePorts against type and the 30000-32767 range', () => {
    const s = service();
    s.spec.type = 'Ingress';
    expect(errorsOf(s)).toEqual(['spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
    s.spec.type = 'ClusterIP';
    s.spec.ports[0].nodePort = 30080;
    expect(errorsOf(s)).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
    s.spec.type = 'NodePort';
    s.spec.ports[0].nodePort = 8080;
    expect(errorsOf(s)).toEqual(['spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767']);
    s.spec.ports[0].nodePort = 30080;
    expect(errorsOf(s)).toEqual([]);
  });

  it('refuses headless NodePort services and checks ExternalName', () => {
    const s = service();
    s.spec.type = 'NodePort';
    s.spec.clusterIP = 'None';
    expect(errorsOf(s)).toEqual(["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"]);
    const ext = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { type: 'ExternalName' } };
    expect(errorsOf(ext)).toEqual(['spec.externalName: Required value']);
    expect(errorsOf({ ...ext, spec: { type: 'ExternalName', externalName: 'db.example.com.' } })).toEqual([]);
  });

  it('checks session affinity and traffic policies', () => {
    const s = service();
    s.spec.sessionAffinity = 'Cookie';
    s.spec.externalTrafficPolicy = 'Local';
    expect(errorsOf(s)).toEqual([
      'spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"',
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ]);
  });

  it('keeps clusterIP and clusterIPs in step and valid', () => {
    const s = service();
    s.spec.clusterIP = '10.96.0.300';
    expect(errorsOf(s)).toEqual(['spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
    s.spec.clusterIP = '10.96.0.10';
    s.spec.clusterIPs = ['10.96.0.11'];
    expect(errorsOf(s)).toEqual(['spec.clusterIPs: Invalid value: []string{"10.96.0.11"}: first value must match `clusterIP`']);
  });

  it('keeps the cluster IP on update', () => {
    const base = service();
    base.spec.clusterIP = '10.96.0.10';
    const old = stored(base);
    const next = clone(old);
    next.spec.clusterIP = '10.96.0.20';
    next.spec.clusterIPs = ['10.96.0.20'];
    expect(messageOf(next, old)).toBe('Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.20"}: may not change once set');
  });
});

describe('Endpoints and EndpointSlice', () => {
  it('needs addresses in each subset and valid IPs', () => {
    const ep = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ ports: [{ port: 80 }] }, { addresses: [{ ip: 'pod-a' }] }] };
    expect(errorsOf(ep)).toEqual([
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
      'subsets[1].addresses[0].ip: Invalid value: "pod-a": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });

  it('checks the address type and keeps it on update', () => {
    const slice = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'default' }, addressType: 'IPv5', endpoints: [{ addresses: [] }] };
    expect(errorsOf(slice)).toEqual([
      'addressType: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", "FQDN"',
      'endpoints[0].addresses: Required value: must contain at least 1 address',
    ]);
  });
});
