// The on-screen keyboard never hides Save: while a field has focus the fixed tab bar steps aside
// (body.typing, app.css) and the field is kept in sight above the keyboard (visualViewport, which iOS
// Safari resizes when the keyboard opens).
const TYPING = 'input:not([type=radio]):not([type=checkbox]):not([type=file]):not([type=button]):not([type=submit]), textarea, select';

function keepInSight() {
  const active = document.activeElement;
  if (active && active.matches && active.matches(TYPING)) active.scrollIntoView({ block: 'center' });
}

export function startKeyboardCare() {
  document.addEventListener('focusin', (event) => {
    if (event.target.matches && event.target.matches(TYPING)) document.body.classList.add('typing');
  });
  document.addEventListener('focusout', () => {
    setTimeout(() => {
      const active = document.activeElement;
      if (!(active && active.matches && active.matches(TYPING))) document.body.classList.remove('typing');
    }, 0);
  });
  if (window.visualViewport) window.visualViewport.addEventListener('resize', keepInSight);
}
