const { benchExchangeOnce } = await import('/work/main/e2e/bench/exchange-bench.ts')
const r = await benchExchangeOnce()
console.log(JSON.stringify(r))
