/*
 * Wires the page's controls to the playground and keeps them in step with its state.
 * Controls for this page: dataset, play/pause, step, reset, show test data.
 */
export function bindControls(root, playground, notices) {
  const playButton = root.querySelector("#play-pause");
  const report = (err) => notices.show(err.message, "error");

  playButton.addEventListener("click", () => (playground.playing ? playground.pause() : playground.play()));
  root.querySelector("#step").addEventListener("click", () => playground.step(1).catch(report));
  root.querySelector("#reset").addEventListener("click", () => playground.reset().catch(report));
  for (const input of root.querySelectorAll("input[name=dataset]")) {
    input.addEventListener("change", () => {
      const [problem, key] = input.value.startsWith("reg-") ? ["regression", "regDataset"] : ["classification", "dataset"];
      playground.setConfig({problem, [key]: input.value}).catch(report);
    });
  }
  const showTest = root.querySelector("#show-test-data");
  showTest.addEventListener("change", () => playground.setConfig({showTestData: showTest.checked}).catch(report));

  return function sync() {
    const s = playground.state();
    playButton.setAttribute("aria-pressed", String(s.playing));
    playButton.textContent = s.playing ? "Pause" : "Play";
    playButton.classList.toggle("playing", s.playing);
    const current = s.config.problem === "classification" ? s.config.dataset : s.config.regDataset;
    for (const input of root.querySelectorAll("input[name=dataset]")) input.checked = input.value === current;
    showTest.checked = s.config.showTestData;
    const ready = s.phase === "ready";
    for (const b of root.querySelectorAll("[data-needs-engine]")) b.disabled = !ready;
  };
}
