"""A headless Chromium driven over the DevTools protocol on a pipe (no extra packages), with no network at all.

`--host-resolver-rules` sends every host name nowhere, and the page's Network events record every request it makes,
so a test can show both that the page works offline and that it asked for nothing off the machine.
"""
import json
import os
import queue
import shutil
import subprocess
import threading

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-pipe",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking", "--disable-component-update",
         "--window-size=1280,720"]


def chromium():
    """The Chromium program on this machine, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class Browser:
    """One page in a headless Chromium; `call` sends a command and returns its result; events are kept."""

    def __init__(self, program, profile):
        self._to_r, self._to_w = os.pipe()
        self._from_r, self._from_w = os.pipe()
        self.proc = subprocess.Popen([program, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     preexec_fn=self._pipes_at_3_and_4, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(self._to_r)
        os.close(self._from_w)
        self.events, self._replies, self._next = [], {}, 0
        self._inbox = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def _pipes_at_3_and_4(self):
        """In the child: Chromium reads commands on fd 3 and writes answers on fd 4."""
        read, write = os.dup(self._to_r), os.dup(self._from_w)
        os.dup2(read, 3)
        os.dup2(write, 4)

    def _read(self):
        buffer = b""
        with os.fdopen(self._from_r, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for message in messages:
                    self._inbox.put(json.loads(message))
        self._inbox.put(None)

    def call(self, method, session=True, timeout=60, **params):
        """Send one command (to the page's session unless session=False) and wait for its reply."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session and getattr(self, "session", None):
            message["sessionId"] = self.session
        os.write(self._to_w, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._inbox.get(timeout=timeout)
            if reply is None:
                raise RuntimeError("Chromium closed the pipe")
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression, timeout=60):
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True,
                           timeout=timeout)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def press(self, key, code):
        """A real key press (a user gesture, as the lecturer's): keyDown then keyUp."""
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=code_of(key))

    def requested(self):
        """Every URL the page asked for so far."""
        while not self._inbox.empty():
            message = self._inbox.get()
            if message and "method" in message:
                self.events.append(message)
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def close(self):
        self.proc.kill()
        self.proc.wait()
        os.close(self._to_w)


def code_of(key):
    return {"ArrowRight": 39, "ArrowLeft": 37, " ": 32}[key]
