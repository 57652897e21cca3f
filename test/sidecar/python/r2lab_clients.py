#!/usr/bin/python3
"""R2lab-style sidecar clients, written from sidecar-protocol.md section 9 (not from r2lab code).

They use the legacy `websockets.client.connect`, as r2lab-python 0.10.0 and rhubarbe do,
to check that R2lab's own tools work unchanged against Rig.

  r2lab_clients.py status URL CATEGORY [--hold]   like SidecarAsyncClient.nodes_status()
  r2lab_clients.py set-node-attribute URL ID ATTRIBUTE VALUE
  r2lab_clients.py set-nodes-triples URL ID ATTRIBUTE VALUE [ID ATTRIBUTE VALUE ...]
  r2lab_clients.py monitor URL CATEGORY           like rhubarbe's monitors: emit_info()
                                                  for each JSON record read on stdin

Results are printed as one JSON line on stdout.
"""

import asyncio
import json
import ssl
import sys

import websockets.client


class SidecarConnection:
    """The part of r2lab-python's SidecarConnection that R2lab's tools use."""

    def __init__(self, websocket):
        self.websocket = websocket
        # Frames read while waiting for a dump, and passed over.
        self.skipped = []

    async def send_umbrella(self, category, action, message):
        await self.websocket.send(json.dumps({"category": category, "action": action, "message": message}))

    async def recv_umbrella(self):
        return json.loads(await self.websocket.recv())

    async def status(self, category):
        """Sends a request and reads until an info of that category without incremental."""
        await self.send_umbrella(category, "request", "PLEASE")
        while True:
            umbrella = await self.recv_umbrella()
            if (
                umbrella.get("category") == category
                and umbrella.get("action") == "info"
                and not umbrella.get("incremental")
            ):
                return {record["id"]: record for record in umbrella["message"]}
            self.skipped.append(
                {key: umbrella.get(key) for key in ("category", "action", "incremental")}
            )

    async def nodes_status(self):
        return await self.status("nodes")

    async def set_nodes_triples(self, *triples, category="nodes"):
        """All triples (id, attribute, value) of one id are merged into one record."""
        records = {}
        for id_, attribute, value in triples:
            records.setdefault(int(id_), {"id": int(id_)})[attribute] = value
        await self.send_umbrella(category, "info", list(records.values()))

    async def set_node_attribute(self, id_, attribute, value):
        await self.set_nodes_triples((id_, attribute, value))

    async def emit_info(self, category, record):
        """What rhubarbe's ReconnectableSidecar does: send, and never read."""
        await self.send_umbrella(category, "info", [record])


async def read_line():
    return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


def report(value):
    print(json.dumps(value), flush=True)


def tls_context(url):
    """For wss, an unverified context, as rhubarbe's ReconnectableSidecar uses (self-signed certificates work)."""
    return ssl._create_unverified_context() if url.startswith("wss:") else None


async def main(command, url, *args):
    async with websockets.client.connect(url, ssl=tls_context(url)) as websocket:
        connection = SidecarConnection(websocket)
        if command == "status":
            category, *flags = args
            if "--hold" in flags:
                # Lets the test send frames that arrive before the request goes out.
                report({"connected": True})
                await read_line()
            status = await connection.status(category)
            # Ids are JSON keys only as strings: report pairs to keep their type.
            report({"status": list(status.items()), "skipped": connection.skipped})
        elif command == "set-node-attribute":
            id_, attribute, value = args
            await connection.set_node_attribute(id_, attribute, value)
            report({"sent": True})
        elif command == "set-nodes-triples":
            triples = [tuple(args[i : i + 3]) for i in range(0, len(args), 3)]
            await connection.set_nodes_triples(*triples)
            report({"sent": True})
        elif command == "monitor":
            (category,) = args
            report({"connected": True})
            sent = 0
            while line := await read_line():
                # json.loads accepts NaN and Infinity, and json.dumps writes them back.
                await connection.emit_info(category, json.loads(line))
                sent += 1
            report({"sent": sent})
        else:
            raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:]))
