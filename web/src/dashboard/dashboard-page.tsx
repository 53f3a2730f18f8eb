/** Placeholder until the dashboard page is built. */
export default function Page() {
  return <main class="page" id="main" />;
}
