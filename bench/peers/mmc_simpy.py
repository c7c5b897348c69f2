"""M/M/c in SimPy 2.3 (Debian python3-simpy): the peer of bench/peers/mmc.ts, same model.

c servers (a Resource with capacity c, FIFO), Poisson arrivals at lambda = rho*c*mu, exponential
service at mu = 1. Prints one JSON line like mmc.ts; timed from simulate() to its return.

    /usr/bin/python3 bench/peers/mmc_simpy.py [customers=1000000] [servers=8] [utilization=0.9] [seed=1]
"""
import json
import math
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

args = sys.argv[1:] + [None] * 4
customers = int(args[0] or 1000000)
servers = int(args[1] or 8)
utilization = float(args[2] or 0.9)
seed = int(args[3] or 1)
service_rate = 1.0
arrival_rate = utilization * servers * service_rate


class Stats:
    total_wait = 0.0


class Customer(Process):
    def visit(self, server, rng):
        arrived = now()
        yield request, self, server
        Stats.total_wait += now() - arrived
        yield hold, self, rng.expovariate(service_rate)
        yield release, self, server


class Source(Process):
    def generate(self, n, server, rng_arrivals, rng_services):
        for _ in range(n):
            c = Customer()
            activate(c, c.visit(server, rng_services))
            yield hold, self, rng_arrivals.expovariate(arrival_rate)


def erlang_c_wait(lam, mu, c):
    a = lam / mu
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    p_wait = c * b / (c - a * (1 - b))
    return p_wait / (c * mu - lam)


initialize()
server = Resource(capacity=servers, name="servers", unitName="server")
source = Source()
activate(source, source.generate(customers, server, random.Random(seed), random.Random(seed + 1)))
t0 = time.perf_counter()
simulate(until=1e18)
seconds = time.perf_counter() - t0
print(json.dumps({
    "engine": "SimPy " + __import__("SimPy").__version__,
    "customers": customers,
    "seconds": seconds,
    "customersPerSecond": customers / seconds,
    "meanWait": Stats.total_wait / customers,
    "erlangCWait": erlang_c_wait(arrival_rate, service_rate, servers),
}))
