"""A misbehaving HTTP server for the clients' failure cases (tests/serve-clients/run.sh).

Requests under /redirect get `307` to another URL; every other request is read and never
answered (the connection stays open), so a client's timeout must end the call. Prints its port.
"""

import socket
import threading

held = []  # unanswered connections stay referenced, hence open


def serve(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk
    path = data.split(b" ", 2)[1]
    if path.startswith(b"/redirect"):
        conn.sendall(
            b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:9/v1/exchange\r\n"
            b"Content-Length: 0\r\nConnection: close\r\n\r\n"
        )
        conn.close()
    else:
        held.append(conn)


s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
