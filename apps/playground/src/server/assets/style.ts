/** The playground's whole stylesheet: plain, readable, no framework. */
export const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1d2330; background: #f6f7fb; }
body { margin: 0; }
header { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; padding: .7rem 1.2rem; background: #1d2330; color: #fff; }
header .who { margin-left: auto; }
.badge { background: #394359; border-radius: 1rem; padding: .15rem .7rem; font-size: .85rem; }
nav { display: flex; gap: 1rem; padding: .5rem 1.2rem; background: #e3e7f1; }
nav a { color: #1d2330; font-weight: 600; text-decoration: none; }
main { padding: 0 1.2rem 2rem; max-width: 72rem; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.5rem; align-items: start; }
.record, aside, table { background: #fff; border-radius: .5rem; padding: .8rem 1rem; box-shadow: 0 1px 3px #0002; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e3e7f1; }
tr.current { background: #eef8ee; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f1f3f8; padding: .4rem; margin: 0; font-size: .8rem; }
code { font-size: .85rem; overflow-wrap: anywhere; }
form.inline { display: inline; }
form.row { display: flex; gap: .5rem; margin: .5rem 0; }
form.stack { display: grid; gap: .6rem; max-width: 24rem; }
input { padding: .35rem .5rem; font: inherit; }
button { font: inherit; padding: .3rem .8rem; border: 1px solid #394359; border-radius: .3rem; background: #fff; cursor: pointer; }
button.danger { border-color: #b3261e; color: #b3261e; }
.notice { background: #e5f4e7; padding: .5rem .8rem; border-radius: .3rem; }
.error { background: #fde7e7; padding: .5rem .8rem; border-radius: .3rem; }
.countdown { font-variant-numeric: tabular-nums; font-weight: 600; }
ol.events { list-style: none; padding: 0; margin: 0; font-size: .85rem; max-height: 28rem; overflow: auto; }
ol.events li { padding: .15rem 0; border-bottom: 1px solid #eef0f5; }
ol.events li.fresh { background: #fff8d6; }
.ev-takeover, .ev-destroyed, .ev-unlock-failed, .ev-error { color: #b3261e; }
.ev-created, .ev-unlocked, .ev-regenerated { color: #1b6e2e; }
`;
