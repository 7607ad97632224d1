# Provider stub for the golden journal: PagerDuty /v2/enqueue, /v2/change/enqueue; OpsGenie /v2/alerts...
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
seen = {}
lock = threading.Lock()
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        n = int(self.headers.get('content-length') or 0)
        if n: body = self.rfile.read(n)
        elif 'chunked' in (self.headers.get('transfer-encoding') or ''):
            body = b''
            while True:
                size = int(self.rfile.readline().strip().split(b';')[0], 16)
                if size == 0: self.rfile.readline(); break
                body += self.rfile.read(size); self.rfile.readline()
        else: body = b''
        key = ''
        try:
            j = json.loads(body or b'{}'); key = j.get('dedup_key') or j.get('alias') or ''
        except Exception: pass
        key = (key or '') + self.path
        with lock:
            seen[key] = seen.get(key, 0) + 1; count = seen[key]
        status = 202
        if 'dead' in key: status = 400
        elif 'flaky' in key and count <= 2: status = 500
        self.send_response(status); self.send_header('content-type','application/json')
        out = b'{"status":"success","message":"Event processed","dedup_key":"x"}' if status == 202 else b'{"status":"error","message":"nope"}'
        self.send_header('content-length', str(len(out))); self.end_headers(); self.wfile.write(out)
ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
